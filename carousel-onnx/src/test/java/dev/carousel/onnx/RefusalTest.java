package dev.carousel.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.spec.Activation;
import dev.carousel.spec.DType;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything the import or the export cannot do exactly is refused with a message naming node, attribute, value. */
class RefusalTest {
    private static final int H = 3;
    private static final int I = 2;
    private final Random rnd = new Random(21);
    private final TensorProto w = Models.tensor("W", RandomArrays.uniform(rnd, 4 * H * I, 1), 1, 4 * H, I);
    private final TensorProto r = Models.tensor("R", RandomArrays.uniform(rnd, 4 * H * H, 1), 1, 4 * H, H);

    @TempDir
    Path dir;

    private static void refused(byte[] model, String... fragments) {
        OnnxImportException e = assertThrows(OnnxImportException.class,
                () -> OnnxRecurrentImport.read(model, "m.onnx", null, Map.of()));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    private byte[] lstmWith(AttributeProto... attrs) {
        return Models.model(List.of(Models.node("LSTM", "enc", List.of("X", "W", "R"), Arrays.asList(attrs))),
                List.of(w, r));
    }

    @Test
    void unsupportedAttributesAreRefusedNamingNodeAttributeAndValue() {
        refused(lstmWith(Models.floatAttr("clip", 3.5f)), "LSTM node 'enc'", "clip", "3.5");
        refused(lstmWith(Models.stringsAttr("activations", "Sigmoid", "Relu", "Tanh")), "LSTM node 'enc'",
                "activations", "Relu");
        refused(lstmWith(Models.stringsAttr("activations", "Sigmoid", "Tanh")), "activations");
        refused(lstmWith(Models.floatsAttr("activation_alpha", 0.5f)), "activation_alpha", "0.5");
        refused(lstmWith(Models.floatsAttr("activation_beta", 2f)), "activation_beta", "2.0");
        refused(lstmWith(Models.intAttr("input_forget", 1)), "input_forget", "f = 1 - i");
        refused(lstmWith(Models.intAttr("output_sequence", 1)), "output_sequence");
        refused(lstmWith(Models.stringAttr("direction", "sideways")), "direction", "sideways");
        refused(lstmWith(Models.intAttr("layout", 2)), "layout", "2");
        refused(lstmWith(Models.intAttr("hidden_size", 4)), "hidden_size", "4");
        refused(Models.model(List.of(Models.node("GRU", "g", List.of("X", "W", "R"),
                List.of(Models.intAttr("linear_before_reset", 3)))), List.of()), "linear_before_reset", "3");
    }

    @Test
    void otherOpsMissingWeightsAndAmbiguityAreRefused() {
        refused(Models.model(List.of(Models.node("RNN", "rnn", List.of("X", "W", "R"), List.of())), List.of(w, r)),
                "no LSTM or GRU node", "RNN");
        assertThrows(OnnxImportException.class, () -> OnnxRecurrentImport.read(Models.model(
                List.of(Models.node("RNN", "rnn", List.of("X"), List.of())), List.of()), "m", "rnn", Map.of()));
        refused(Models.model(List.of(Models.node("LSTM", "a", List.of("X", "W", "R"), List.of()),
                Models.node("LSTM", "b", List.of("X", "W", "R"), List.of())), List.of(w, r)), "2 recurrent nodes",
                "'a'", "'b'");
        refused(Models.model(List.of(Models.node("LSTM", "n", List.of("X", "", "R"), List.of())), List.of(w, r)),
                "input W (index 1) is missing");
        refused(Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W"), List.of())), List.of(w, r)),
                "input R (index 2) is missing");
        refused(Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W_in", "R"), List.of())), List.of(r)),
                "W 'W_in' is not a constant");
        refused(Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W", "R"), List.of())),
                List.of(w, Models.tensor("R", new double[4 * H * 2], 1, 4 * H, 2))), "R 'R' must be [1, 12, 3]");
        TensorProto half = TensorProto.newBuilder().setName("W").setDataType(10).addDims(1).addDims(4 * H)
                .addDims(I).setRawData(com.google.protobuf.ByteString.copyFrom(new byte[4 * H * I * 2])).build();
        refused(Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W", "R"), List.of())), List.of(half, r)),
                "FLOAT16");
        TensorProto ext = w.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL).build();
        refused(Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W", "R"), List.of())), List.of(ext, r)),
                "external file");
        TensorProto shortRaw = w.toBuilder().setRawData(w.getRawData().substring(0, 8)).build();
        refused(Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W", "R"), List.of())),
                List.of(shortRaw, r)), "raw_data holds 8 bytes");
    }

    @Test
    void nodeNameNotFoundIsNamed() {
        byte[] m = Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W", "R"), List.of())), List.of(w, r));
        OnnxImportException e = assertThrows(OnnxImportException.class,
                () -> OnnxRecurrentImport.read(m, "m.onnx", "x", Map.of()));
        assertTrue(e.getMessage().contains("no node named 'x'"), e.getMessage());
    }

    @Test
    void truncatedOrForeignFilesAreRefused() throws Exception {
        byte[] good = lstmWith();
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxRecurrentImport.read(truncated));
        assertTrue(e.getMessage().contains("truncated.onnx"), e.getMessage());
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        e = assertThrows(OnnxImportException.class, () -> OnnxRecurrentImport.read(text));
        assertTrue(e.getMessage().contains("notes.onnx"), e.getMessage());
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        e = assertThrows(OnnxImportException.class, () -> OnnxRecurrentImport.read(empty));
        assertTrue(e.getMessage().contains("no graph"), e.getMessage());
        e = assertThrows(OnnxImportException.class, () -> OnnxRecurrentImport.read(dir.resolve("absent.onnx")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void exportRefusesWhatOnnxCannotExpressAndLeavesNoFile() {
        List<Map<String, double[]>> lstmW = Fixtures.lstm(LstmSpec.peephole(I, H), Direction.FORWARD, rnd);
        Path file = dir.resolve("x.onnx");
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {LstmSpec.peephole(I, H).withForgetGate(false), "without a forget gate (NFG"});
        cases.add(new Object[] {LstmSpec.lstm1997(I, H), "without a forget gate"});
        cases.add(new Object[] {LstmSpec.peephole(I, H).withCoupledInputForget(true), "CIFG"});
        cases.add(new Object[] {LstmSpec.peephole(I, H).withActivations(Activation.SQUASH_G1997,
                Activation.SQUASH_H1997), "act_g=squash_g1997"});
        cases.add(new Object[] {LstmSpec.peephole(I, H).withActivations(Activation.IDENTITY, Activation.TANH),
                "act_g=identity"});
        cases.add(new Object[] {LstmSpec.peephole(I, H).withActivations(Activation.TANH, Activation.SIGMOID),
                "act_h=sigmoid"});
        for (Object[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxRecurrentExport
                    .write(file, (LstmSpec) c[0], Direction.FORWARD, lstmW, DType.FLOAT32, 0));
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
            assertTrue(!Files.exists(file));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxRecurrentExport
                .write(file, LstmSpec.peephole(I, H), Direction.BIDIRECTIONAL, lstmW, DType.FLOAT32, 0));
        assertTrue(e.getMessage().contains("needs 2 weight map(s), got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxRecurrentExport
                .write(file, LstmSpec.peephole(I, H + 1), Direction.FORWARD, lstmW, DType.FLOAT32, 0));
        assertTrue(e.getMessage().contains("'w_ih'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxRecurrentExport
                .write(file, LstmSpec.peephole(I, H), Direction.FORWARD, lstmW, DType.FLOAT32, 2));
        assertTrue(e.getMessage().contains("layout"), e.getMessage());
        assertTrue(!Files.exists(file));
    }
}
