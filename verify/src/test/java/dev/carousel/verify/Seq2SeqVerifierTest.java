package dev.carousel.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.DType;
import dev.carousel.verify.golden.Seq2SeqGoldenSet;
import dev.carousel.verify.vectors.CaseFolders;
import dev.carousel.verify.vectors.InvalidTestCaseException;
import dev.carousel.verify.vectors.Seq2SeqLayout;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCaseReader;
import dev.carousel.verify.vectors.TestCaseWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seq2seq cases through the {@link Verifier}: every implementation (reference, DL4J, DJL) passes the golden seq2seq
 * set in float64 and float32; corrupted cases fail; forward-only cases are checked on log_probs, alphas and loss.
 */
class Seq2SeqVerifierTest {
    @TempDir
    Path tmp;

    private static final List<String> IMPLS = List.of("reference", "dl4j", "djl");

    @Test
    void everyImplementationPassesTheGoldenSet() throws IOException {
        Implementations registry = Implementations.discover();
        assertEquals(IMPLS, registry.seq2seqNames());
        for (Path folder : CaseFolders.find(GoldenFolders.find("golden-seq2seq"))) {
            Seq2SeqTestCase c = (Seq2SeqTestCase) TestCaseReader.readAny(folder);
            for (String name : IMPLS) {
                for (DType t : List.of(DType.FLOAT64, DType.FLOAT32)) {
                    Verification v = Verifier.verify(c, registry.seq2seq(name), t);
                    if (name.equals("reference") && t == DType.FLOAT32) {
                        assertEquals(Verdict.SKIP, v.verdict(), v.toString());
                        continue;
                    }
                    assertEquals(Verdict.PASS, v.verdict(), v.toString());
                    assertTrue(v.forwardError() <= t.tolerance(c.config().target()), v.toString());
                    assertTrue(v.gradientError() <= t.tolerance(c.config().target()), v.toString());
                }
            }
        }
    }

    private static Seq2SeqTestCase golden(int k) {
        return Seq2SeqGoldenSet.generate(Seq2SeqGoldenSet.definitions().get(k), Seq2SeqGoldenSet.DEFAULT_SEED);
    }

    /** A copy of {@code c} with one array changed (or removed when {@code replacement} is null, with the rest). */
    private static Seq2SeqTestCase with(Seq2SeqTestCase c, Map<String, Tensor> changes, boolean dropGradients) {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.arrays().entrySet()) {
            if (dropGradients && e.getKey().startsWith("grad_")) {
                continue;
            }
            arrays.put(e.getKey(), changes.getOrDefault(e.getKey(), e.getValue()));
        }
        return new Seq2SeqTestCase(c.name(), c.config(), longs(c.source()), longs(c.target()),
                longs(c.sourceLengths()), longs(c.targetLengths()), arrays);
    }

    private static Tensor bumped(Tensor t, int index, double delta) {
        double[] d = t.data().clone();
        d[index] += delta;
        return new Tensor(t.shape(), d);
    }

    @Test
    void corruptedCasesFailForEveryImplementation() {
        Seq2SeqTestCase c = golden(4);
        Tensor g = c.array("grad_attention.w_a");
        Seq2SeqTestCase badGradient = with(c, Map.of("grad_attention.w_a", bumped(g, 1, 1e-3)), false);
        Seq2SeqTestCase badAlphas = with(c, Map.of(Seq2SeqLayout.ALPHAS, bumped(c.array("alphas"), 0, 1e-3)), false);
        Seq2SeqTestCase badLoss = with(c, Map.of(Seq2SeqLayout.LOSS,
                new Tensor(new int[0], new double[] {c.array("loss").data()[0] * (1 + 1e-6)})), false);
        Implementations registry = Implementations.discover();
        for (String name : IMPLS) {
            Verification v = Verifier.verify(badGradient, registry.seq2seq(name), DType.FLOAT64);
            assertEquals(Verdict.FAIL, v.verdict(), v.toString());
            assertEquals("grad_attention.w_a", v.worstGradient(), v.toString());
            v = Verifier.verify(badAlphas, registry.seq2seq(name), DType.FLOAT64);
            assertEquals(Verdict.FAIL, v.verdict(), v.toString());
            assertTrue(v.note().contains("alphas"), v.toString());
            v = Verifier.verify(badLoss, registry.seq2seq(name), DType.FLOAT64);
            assertEquals(Verdict.FAIL, v.verdict(), v.toString());
            assertTrue(v.note().contains("loss"), v.toString());
        }
    }

    @Test
    void forwardOnlyCasesAreCheckedOnTheirOutputs() throws IOException {
        Seq2SeqTestCase full = golden(1);
        Path folder = tmp.resolve("fwd-only");
        TestCaseWriter.write(with(full, Map.of(), true), folder);
        Seq2SeqTestCase c = (Seq2SeqTestCase) TestCaseReader.readAny(folder);
        assertTrue(c.forwardOnly());
        Implementations registry = Implementations.discover();
        for (String name : IMPLS) {
            for (DType t : name.equals("reference") ? List.of(DType.FLOAT64) : List.of(DType.FLOAT64, DType.FLOAT32)) {
                Verification v = Verifier.verify(c, registry.seq2seq(name), t);
                assertEquals(Verdict.PASS, v.verdict(), v.toString());
                assertEquals(Verifier.FORWARD_ONLY, v.note());
                assertTrue(Double.isNaN(v.gradientError()));
                assertNull(v.worstGradient());
            }
        }
        Seq2SeqTestCase bad = with(c, Map.of(Seq2SeqLayout.LOG_PROBS, bumped(c.array("log_probs"), 2, 1e-4)), false);
        Verification v = Verifier.verify(bad, registry.seq2seq("reference"), DType.FLOAT64);
        assertEquals(Verdict.FAIL, v.verdict(), v.toString());
        assertTrue(v.note().contains("log_probs") && v.note().contains("forward only"), v.note());
    }

    @Test
    void someGradientsMissingIsAnErrorNamingThem() throws IOException {
        Seq2SeqTestCase full = golden(0);
        Path folder = tmp.resolve("partial");
        TestCaseWriter.write(full, folder);
        // rewrite the npz without two grad_ arrays, with NumPy's layout kept by the writer of a partial map
        Map<String, Tensor> arrays = new LinkedHashMap<>(full.arrays());
        arrays.remove("grad_output.b_out");
        arrays.remove("grad_decoder.w_hh");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Seq2SeqTestCase("p",
                full.config(), longs(full.source()), longs(full.target()), longs(full.sourceLengths()),
                longs(full.targetLengths()), arrays));
        assertTrue(e.getMessage().contains("grad_decoder.w_hh"), e.getMessage());
        Path npz = folder.resolve(TestCaseReader.ARRAYS_FILE);
        BrokenZip.dropEntries(npz, List.of("grad_output.b_out.npy", "grad_decoder.w_hh.npy"));
        InvalidTestCaseException r = assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.readAny(folder));
        assertTrue(r.getMessage().contains("missing arrays [grad_decoder.w_hh, grad_output.b_out]"), r.getMessage());
    }

    @Test
    void badSeq2SeqCasesAreNamedErrors() throws IOException {
        Seq2SeqTestCase full = golden(0);
        Path folder = tmp.resolve("bad");
        TestCaseWriter.write(full, folder);
        Path json = folder.resolve("case.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"score\" : \"additive\"", "\"score\" : \"cosine\""));
        InvalidTestCaseException e = assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.readAny(folder));
        assertTrue(e.getMessage().contains("key 'score': unknown value \"cosine\"; known values: [additive, dot, "
                + "general]"), e.getMessage());
        Files.writeString(json, text.replace("\"kind\" : \"seq2seq\"", "\"kind\" : \"transformer\""));
        e = assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.readAny(folder));
        assertTrue(e.getMessage().contains("key 'kind': unknown value \"transformer\""), e.getMessage());
        Files.writeString(json, text.replace("\"target\" : 4", "\"target\" : 5"));
        e = assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.readAny(folder));
        assertTrue(e.getMessage().contains("array 'target': expected shape (3, 5), got (3, 4)"), e.getMessage());
        Files.writeString(json, text);
        assertEquals(full.name().length() > 0, TestCaseReader.readAny(folder) instanceof Seq2SeqTestCase);
        e = assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.read(folder));
        assertTrue(e.getMessage().contains("a seq2seq case"), e.getMessage());
        long[][] target = longs(full.target());
        target[0][0] = 6;
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> new Seq2SeqTestCase("t",
                full.config(), longs(full.source()), target, longs(full.sourceLengths()),
                longs(full.targetLengths()), full.arrays()));
        assertTrue(t.getMessage().contains("target[0, 0] = 6 is not a token id in [0, 6)"), t.getMessage());
    }

    static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    static long[][] longs(int[][] a) {
        long[][] out = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = longs(a[i]);
        }
        return out;
    }
}
