package dev.carousel.verify.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.verify.vectors.BrokenCases.Raw;
import dev.carousel.spec.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader refuses every kind of bad case with a message naming the file, the key or array, and the problem. */
class TestCaseReaderTest {
    @TempDir
    Path tmp;

    private final TestCase valid = BrokenCases.validLstm();

    private static final String VALID_JSON_HEAD =
            "{\"cell\": \"lstm\", \"batch\": 3, \"time\": 6, \"input\": 2, \"hidden\": 4, \"variable_length\": true,"
                    + " \"peephole\": true";

    /** Reads the folder, expects a failure, checks the message names the file and holds every fragment. */
    private static InvalidTestCaseException rejects(Path folder, String file, String... fragments) {
        InvalidTestCaseException e = assertThrows(InvalidTestCaseException.class,
                () -> TestCaseReader.read(folder));
        String m = e.getMessage();
        assertTrue(m.contains(folder.resolve(file).toString()), () -> "message should name " + file + ": " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), () -> "message should contain <" + f + ">: " + m);
        }
        return e;
    }

    private Path json(String json) throws IOException {
        return BrokenCases.withJson(tmp.resolve("case"), valid, json);
    }

    @Test
    void readsAValidCase() throws IOException {
        TestCaseWriter.write(valid, tmp.resolve("ok"));
        TestCase read = TestCaseReader.read(tmp.resolve("ok"));
        assertEquals(valid.config(), read.config());
        assertEquals("ok", read.name());
    }

    @Test
    void optionalKeysTakeTheirDefaults() throws IOException {
        TestCase c = TestCaseReader.read(json(VALID_JSON_HEAD + "}"));
        assertTrue(c.config().forgetGate());
        assertEquals(false, c.config().coupledInputForget());
        assertEquals(Activation.TANH, c.config().cellActivation());
        assertEquals(Activation.TANH, c.config().outputActivation());
    }

    @Test
    void unknownKey() throws IOException {
        InvalidTestCaseException e = rejects(json(VALID_JSON_HEAD + ", \"peepholes\": true}"), "case.json",
                "unknown key 'peepholes'", "known keys: [cell, batch, time, input, hidden, variable_length, "
                        + "peephole, forget_gate, coupled_input_forget, cell_activation, output_activation]");
        assertEquals(tmp.resolve("case").resolve("case.json"), e.file());
    }

    @Test
    void lstmKeyInAGruCase() throws IOException {
        rejects(json("{\"cell\": \"gru\", \"batch\": 3, \"time\": 6, \"input\": 2, \"hidden\": 4, "
                        + "\"variable_length\": true, \"reset_after\": true, \"peephole\": false}"), "case.json",
                "unknown key 'peephole' for a gru case", "[cell, batch, time, input, hidden, variable_length, "
                        + "reset_after]");
    }

    @Test
    void unknownCell() throws IOException {
        rejects(json("{\"cell\": \"rnn\"}"), "case.json", "key 'cell'", "\"rnn\"", "[lstm, gru]");
    }

    @Test
    void unknownActivation() throws IOException {
        rejects(json(VALID_JSON_HEAD + ", \"cell_activation\": \"relu\"}"), "case.json", "key 'cell_activation'",
                "unknown value \"relu\"", "squash_g1997");
    }

    @Test
    void missingRequiredKey() throws IOException {
        rejects(json("{\"cell\": \"lstm\", \"batch\": 3, \"time\": 6, \"input\": 2, \"hidden\": 4, "
                + "\"variable_length\": true}"), "case.json", "missing key 'peephole'");
    }

    @Test
    void wrongValueTypes() throws IOException {
        rejects(json(VALID_JSON_HEAD.replace("\"batch\": 3", "\"batch\": \"3\"") + "}"), "case.json",
                "key 'batch': expected a positive integer, got \"3\"");
        rejects(json(VALID_JSON_HEAD.replace("\"time\": 6", "\"time\": 0") + "}"), "case.json",
                "key 'time': expected a positive integer, got 0");
        rejects(json(VALID_JSON_HEAD.replace("\"peephole\": true", "\"peephole\": 1") + "}"), "case.json",
                "key 'peephole': expected true or false, got 1");
    }

    @Test
    void notJsonOrNotAnObjectOrDuplicateKey() throws IOException {
        rejects(json("{\"cell\": "), "case.json", "not valid JSON");
        rejects(json("[1, 2]"), "case.json", "expected a JSON object");
        rejects(json(VALID_JSON_HEAD + ", \"batch\": 3}"), "case.json", "batch");
    }

    @Test
    void cifgWithoutForgetGate() throws IOException {
        rejects(json(VALID_JSON_HEAD + ", \"forget_gate\": false, \"coupled_input_forget\": true}"), "case.json",
                "coupled_input_forget", "forget_gate=false");
    }

    @Test
    void missingFiles() throws IOException {
        TestCaseWriter.write(valid, tmp.resolve("a"));
        Files.delete(tmp.resolve("a").resolve("arrays.npz"));
        rejects(tmp.resolve("a"), "arrays.npz", "file not found");
        TestCaseWriter.write(valid, tmp.resolve("b"));
        Files.delete(tmp.resolve("b").resolve("case.json"));
        rejects(tmp.resolve("b"), "case.json", "file not found");
    }

    @Test
    void notAZip() throws IOException {
        TestCaseWriter.write(valid, tmp.resolve("a"));
        Files.writeString(tmp.resolve("a").resolve("arrays.npz"), "not a zip");
        rejects(tmp.resolve("a"), "arrays.npz", "not an npz (zip) file");
    }

    @Test
    void missingArray() throws IOException {
        rejects(BrokenCases.withArrays(tmp.resolve("case"), valid, m -> m.remove("w_hh")), "arrays.npz",
                "missing array [w_hh]", "expected arrays: [x, h0, c0, lengths, w_ih");
        rejects(BrokenCases.withArrays(tmp.resolve("case2"), valid, m -> {
            m.remove("p_i");
            m.remove("grad_p_i");
        }), "arrays.npz", "missing arrays [p_i, grad_p_i]");
    }

    @Test
    void unknownArray() throws IOException {
        rejects(BrokenCases.withArrays(tmp.resolve("case"), valid,
                m -> m.put("bias", new Raw(new double[16], new int[] {16}))), "arrays.npz",
                "unknown array 'bias'", "lstm peephole tanh/tanh", "expected arrays: [x, h0, c0, lengths");
    }

    @Test
    void wrongShape() throws IOException {
        rejects(BrokenCases.withArrays(tmp.resolve("case"), valid,
                m -> m.put("x", new Raw(new double[3 * 6 * 3], new int[] {3, 6, 3}))), "arrays.npz",
                "array 'x': expected shape (3, 6, 2), got (3, 6, 3)");
        rejects(BrokenCases.withArrays(tmp.resolve("case2"), valid,
                m -> m.put("w_ih", new Raw(new double[16 * 2], new int[] {2, 16}))), "arrays.npz",
                "array 'w_ih': expected shape (16, 2), got (2, 16)");
        rejects(BrokenCases.withArrays(tmp.resolve("case3"), valid,
                m -> m.put("lengths", new Raw(new long[] {6, 2}, new int[] {2}))), "arrays.npz",
                "array 'lengths': expected shape (3,), got (2,)");
    }

    @Test
    void wrongDtype() throws IOException {
        rejects(BrokenCases.withArrays(tmp.resolve("case"), valid,
                m -> m.put("h0", new Raw(new float[12], new int[] {3, 4}))), "arrays.npz",
                "array 'h0': expected dtype float64, got float32");
        rejects(BrokenCases.withArrays(tmp.resolve("case2"), valid,
                m -> m.put("lengths", new Raw(new double[] {6, 2, 3}, new int[] {3}))), "arrays.npz",
                "array 'lengths': expected dtype int64, got float64");
    }

    @Test
    void int32LengthsAreAccepted() throws IOException {
        TestCase c = TestCaseReader.read(BrokenCases.withArrays(tmp.resolve("case"), valid,
                m -> {
                    long[] l = (long[]) m.get("lengths").data();
                    m.put("lengths", new Raw(new int[] {(int) l[0], (int) l[1], (int) l[2]}, new int[] {3}));
                }));
        assertArrayEquals(valid.lengths(), c.lengths());
    }

    @Test
    void lengthOutOfRange() throws IOException {
        rejects(BrokenCases.withArrays(tmp.resolve("case"), valid,
                m -> m.put("lengths", new Raw(new long[] {6, 7, 1}, new int[] {3}))), "arrays.npz",
                "lengths[1] = 7 is out of range [0, 6]");
        rejects(BrokenCases.withArrays(tmp.resolve("case2"), valid,
                m -> m.put("lengths", new Raw(new long[] {6, -1, 1}, new int[] {3}))), "arrays.npz",
                "lengths[1] = -1 is out of range [0, 6]");
    }

    @Test
    void lengthsMustBeTWithoutVariableLength() throws IOException {
        Path folder = BrokenCases.withArrays(tmp.resolve("case"), valid, m -> { });
        Files.writeString(folder.resolve("case.json"), VALID_JSON_HEAD.replace("\"variable_length\": true",
                "\"variable_length\": false") + "}");
        rejects(folder, "arrays.npz", "but variable_length is false, so every length must be time = 6");
    }

    @Test
    void nanOrInfinity() throws IOException {
        rejects(BrokenCases.withArrays(tmp.resolve("case"), valid,
                m -> ((double[]) m.get("x").data())[2 * 6 * 2 + 1 * 2 + 1] = Double.NaN), "arrays.npz",
                "array 'x': NaN at index [2, 1, 1]");
        rejects(BrokenCases.withArrays(tmp.resolve("case2"), valid,
                m -> ((double[]) m.get("grad_w_hh").data())[5] = Double.POSITIVE_INFINITY), "arrays.npz",
                "array 'grad_w_hh': Infinity at index [1, 1]");
    }

    @Test
    void notAFolder() {
        assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.read(tmp.resolve("nothing")));
    }
}
