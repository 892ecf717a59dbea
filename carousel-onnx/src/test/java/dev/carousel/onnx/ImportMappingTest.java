package dev.carousel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.NodeProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.spec.DType;
import dev.carousel.testing.RandomArrays;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every gate-order and attribute mapping of the import, on hand-built ONNX models with asymmetric random weights;
 * the expected interchange blocks are picked by hand from the ONNX arrays (ONNX LSTM blocks i, o, f, c; GRU z, r, h).
 */
class ImportMappingTest {
    private static final int H = 3;
    private static final int I = 2;

    private static double[] block(double[] a, int k, int rows, int cols) {
        return Arrays.copyOfRange(a, k * rows * cols, (k + 1) * rows * cols);
    }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int off = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    private static OnnxRecurrentNode read(byte[] model) {
        return OnnxRecurrentImport.read(model, "test.onnx", null, Map.of());
    }

    @Test
    void lstmBlocksIofcBecomeIfgoAndBSplitsIntoWbRbAndPIsIof() {
        Random rnd = new Random(11);
        double[] w = RandomArrays.uniform(rnd, 4 * H * I, 1);
        double[] r = RandomArrays.uniform(rnd, 4 * H * H, 1);
        double[] b = RandomArrays.uniform(rnd, 8 * H, 1);
        double[] p = RandomArrays.uniform(rnd, 3 * H, 1);
        byte[] m = Models.model(List.of(Models.node("LSTM", "enc", List.of("X", "W", "R", "B", "", "", "", "P"),
                        List.of(Models.intAttr("hidden_size", H)))),
                List.of(Models.tensor("W", w, 1, 4 * H, I), Models.tensor("R", r, 1, 4 * H, H),
                        Models.tensor("B", b, 1, 8 * H), Models.tensor("P", p, 1, 3 * H)));
        OnnxRecurrentNode n = read(m);
        assertEquals(RecurrentOp.LSTM, n.op());
        assertEquals("enc", n.name());
        assertTrue(n.lstmSpec().peepholes());
        assertTrue(n.lstmSpec().forgetGate());
        assertFalse(n.lstmSpec().coupledInputForget());
        assertEquals(DType.FLOAT64, n.dtype());
        Map<String, double[]> x = n.weights(0);
        // ONNX blocks: 0 = i, 1 = o, 2 = f, 3 = c; interchange i, f, g, o = ONNX 0, 2, 3, 1
        assertArrayEquals(concat(block(w, 0, H, I), block(w, 2, H, I), block(w, 3, H, I), block(w, 1, H, I)),
                x.get("w_ih"));
        assertArrayEquals(concat(block(r, 0, H, H), block(r, 2, H, H), block(r, 3, H, H), block(r, 1, H, H)),
                x.get("w_hh"));
        double[] wb = Arrays.copyOfRange(b, 0, 4 * H);
        double[] rb = Arrays.copyOfRange(b, 4 * H, 8 * H);
        assertArrayEquals(concat(block(wb, 0, H, 1), block(wb, 2, H, 1), block(wb, 3, H, 1), block(wb, 1, H, 1)),
                x.get("b_ih"));
        assertArrayEquals(concat(block(rb, 0, H, 1), block(rb, 2, H, 1), block(rb, 3, H, 1), block(rb, 1, H, 1)),
                x.get("b_hh"));
        assertArrayEquals(block(p, 0, H, 1), x.get("p_i"));
        assertArrayEquals(block(p, 1, H, 1), x.get("p_o"));
        assertArrayEquals(block(p, 2, H, 1), x.get("p_f"));
    }

    @Test
    void gruBlocksZrhBecomeRznAndLinearBeforeResetIsResetAfter() {
        Random rnd = new Random(12);
        double[] w = RandomArrays.uniform(rnd, 2 * 3 * H * I, 1);
        double[] r = RandomArrays.uniform(rnd, 2 * 3 * H * H, 1);
        double[] b = RandomArrays.uniform(rnd, 2 * 6 * H, 1);
        for (int lbr = 0; lbr <= 1; lbr++) {
            byte[] m = Models.model(List.of(Models.node("GRU", "g", List.of("X", "W", "R", "B"),
                            List.of(Models.intAttr("linear_before_reset", lbr),
                                    Models.stringAttr("direction", "bidirectional")))),
                    List.of(Models.tensor("W", w, 2, 3 * H, I), Models.tensor("R", r, 2, 3 * H, H),
                            Models.tensor("B", b, 2, 6 * H)));
            OnnxRecurrentNode n = read(m);
            assertEquals(lbr == 1, n.gruSpec().resetAfter());
            assertEquals(Direction.BIDIRECTIONAL, n.direction());
            assertEquals(H, n.hiddenSize());
            assertEquals(I, n.inputSize());
            for (int d = 0; d < 2; d++) {
                double[] wd = block(w, d, 3 * H, I);
                double[] rd = block(r, d, 3 * H, H);
                double[] bd = block(b, d, 6 * H, 1);
                // ONNX blocks 0 = z, 1 = r, 2 = h; interchange r, z, n = ONNX 1, 0, 2
                assertArrayEquals(concat(block(wd, 1, H, I), block(wd, 0, H, I), block(wd, 2, H, I)),
                        n.weights(d).get("w_ih"));
                assertArrayEquals(concat(block(rd, 1, H, H), block(rd, 0, H, H), block(rd, 2, H, H)),
                        n.weights(d).get("w_hh"));
                assertArrayEquals(concat(block(bd, 1, H, 1), block(bd, 0, H, 1), block(bd, 2, H, 1)),
                        n.weights(d).get("b_ih"));
                assertArrayEquals(concat(block(bd, 4, H, 1), block(bd, 3, H, 1), block(bd, 5, H, 1)),
                        n.weights(d).get("b_hh"));
            }
        }
    }

    @Test
    void noBMeansZeroBiasesNoPMeansNoPeepholesAndTypedFloatDataReadsAsFloat32() {
        Random rnd = new Random(13);
        double[] w = RandomArrays.uniform(rnd, 4 * H * I, 1);
        double[] r = RandomArrays.uniform(rnd, 4 * H * H, 1);
        byte[] m = Models.model(List.of(Models.node("LSTM", "n", List.of("X", "W", "R"),
                        List.of(Models.stringAttr("direction", "reverse")))),
                List.of(Models.typedFloat("W", w, 1, 4 * H, I), Models.typedFloat("R", r, 1, 4 * H, H)));
        OnnxRecurrentNode n = read(m);
        assertFalse(n.lstmSpec().peepholes());
        assertEquals(Direction.REVERSE, n.direction());
        assertEquals(DType.FLOAT32, n.dtype());
        assertArrayEquals(new double[4 * H], n.weights(0).get("b_ih"));
        assertArrayEquals(new double[4 * H], n.weights(0).get("b_hh"));
        assertFalse(n.weights(0).containsKey("p_i"));
        assertEquals((float) w[0], n.weights(0).get("w_ih")[0]);
    }

    @Test
    void constantInitialStatesAndLengthsAreReadAndLayoutOneStatesBecomeDirectionMajor() {
        Random rnd = new Random(14);
        int nB = 2;
        double[] w = RandomArrays.uniform(rnd, 2 * 3 * H * I, 1);
        double[] r = RandomArrays.uniform(rnd, 2 * 3 * H * H, 1);
        double[] h0 = RandomArrays.uniform(rnd, nB * 2 * H, 1);         // [B, D, H] (layout 1)
        TensorProto lens = TensorProto.newBuilder().setName("L").setDataType(OnnxTensors.INT64).addDims(nB)
                .addInt64Data(4).addInt64Data(2).build();
        byte[] m = Models.model(List.of(Models.node("GRU", "g", List.of("X", "W", "R", "", "L", "h0"),
                        List.of(Models.intAttr("layout", 1), Models.stringAttr("direction", "bidirectional")))),
                List.of(Models.tensor("W", w, 2, 3 * H, I), Models.tensor("R", r, 2, 3 * H, H), lens,
                        Models.tensor("h0", h0, nB, 2, H)));
        OnnxRecurrentNode n = read(m);
        assertEquals(1, n.layout());
        assertArrayEquals(new int[] {4, 2}, n.sequenceLens());
        assertArrayEquals(new int[] {2, nB, H}, n.initialH().shape());
        for (int d = 0; d < 2; d++) {
            for (int b = 0; b < nB; b++) {
                for (int j = 0; j < H; j++) {
                    assertEquals(h0[(b * 2 + d) * H + j], n.initialH().data()[(d * nB + b) * H + j]);
                }
            }
        }
        assertNull(n.initialC());
    }

    @Test
    void weightsFromConstantNodesAndDefaultActivationsSpelledOutAreAccepted() {
        Random rnd = new Random(15);
        double[] w = RandomArrays.uniform(rnd, 3 * H * I, 1);
        double[] r = RandomArrays.uniform(rnd, 3 * H * H, 1);
        NodeProto cw = NodeProto.newBuilder().setOpType("Constant").addOutput("Wc").addAttribute(
                AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Models.tensor("", w, 1, 3 * H, I))).build();
        byte[] m = Models.model(List.of(cw, Models.node("GRU", "g", List.of("X", "Wc", "R"),
                        List.of(Models.stringsAttr("activations", "Sigmoid", "Tanh"), Models.intAttr("hidden_size", H)))),
                List.of(Models.tensor("R", r, 1, 3 * H, H)));
        OnnxRecurrentNode n = read(m);
        assertArrayEquals(concat(block(w, 1, H, I), block(w, 0, H, I), block(w, 2, H, I)), n.weights(0).get("w_ih"));
    }

    @Test
    void twoRecurrentNodesAreReadByName() {
        Random rnd = new Random(16);
        double[] w = RandomArrays.uniform(rnd, 3 * H * I, 1);
        double[] r = RandomArrays.uniform(rnd, 3 * H * H, 1);
        double[] w2 = RandomArrays.uniform(rnd, 4 * H * I, 1);
        double[] r2 = RandomArrays.uniform(rnd, 4 * H * H, 1);
        byte[] m = Models.model(List.of(Models.node("GRU", "a", List.of("X", "W", "R"), List.of()),
                        Models.node("LSTM", "b", List.of("X", "W2", "R2"), List.of())),
                List.of(Models.tensor("W", w, 1, 3 * H, I), Models.tensor("R", r, 1, 3 * H, H),
                        Models.tensor("W2", w2, 1, 4 * H, I), Models.tensor("R2", r2, 1, 4 * H, H)));
        assertEquals(RecurrentOp.LSTM, OnnxRecurrentImport.read(m, "m", "b", Map.of()).op());
        assertEquals(RecurrentOp.GRU, OnnxRecurrentImport.read(m, "m", "a", Map.of()).op());
    }
}
