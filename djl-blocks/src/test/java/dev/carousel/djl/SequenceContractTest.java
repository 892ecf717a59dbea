package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.Comparisons;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The NDList contract between blocks: lengths pass through (a SequentialBlock of two PeepholeLSTMs with lengths
 * matches the reference), LastValidStep, mixed RecurrentStack states, and the shapes refused or accepted
 * (T = 0, B = 0, lengths [B] and [B, 1]).
 */
class SequenceContractTest {
    private static final int B = 3;
    private static final int T = 5;
    private static final int I = 4;
    private static final int H = 3;

    @Test
    void sequentialBlockOfTwoPeepholeLstmsPassesTheLengthsOn() {
        Random r = new Random(71);
        LstmSpec s1 = LstmSpec.peephole(I, H);
        LstmSpec s2 = LstmSpec.peephole(H, H);
        Map<String, double[]> w1 = RunFixtures.lstmWeights(r, I, H, true);
        Map<String, double[]> w2 = RunFixtures.lstmWeights(r, H, H, true);
        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
        int[] lengths = {2, T, 1};
        RecurrentRunResult ref1 = ReferenceOracle.lstm(s1, w1, x, lengths, null, null, null, null, null, false);
        RecurrentRunResult ref2 = ReferenceOracle.lstm(s2, w2, ref1.y(), lengths, null, null, null, null, null,
                false);
        try (NDManager m = NDManager.newBaseManager()) {
            PeepholeLSTM l1 = PeepholeLSTM.builder().fromSpec(s1).build();
            PeepholeLSTM l2 = PeepholeLSTM.builder().fromSpec(s2).build();
            SequentialBlock net = new SequentialBlock().add(l1).add(l2);
            net.initialize(m, DataType.FLOAT64, new Shape(B, T, I), new Shape(B));
            l1.setInterchangeWeights(m, DataType.FLOAT64, w1);
            l2.setInterchangeWeights(m, DataType.FLOAT64, w2);
            NDArray len = m.create(lengths);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(BlockPass.create(m, x), len), false);
            assertEquals(2, out.size(), "[y, lengths]");
            assertSame(len, out.get(1), "the lengths array is passed on");
            // before the fix the output was [y] and the second layer ran all T steps of every sequence
            Comparisons.assertRelativeErrorFlat(BlockPass.values(out.get(0)), ref2.y(), 1e-9, "y of layer 2");
            assertArrayEquals(new Shape[] {new Shape(B, T, H), new Shape(B)},
                    net.getOutputShapes(new Shape[] {new Shape(B, T, I), new Shape(B)}));
        }
    }

    @Test
    void lastValidStepGathersStepLengthMinusOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] v = new double[B * T * 2];
            for (int k = 0; k < v.length; k++) {
                v[k] = 1 + k;                                  // y[b][t][h] = 1 + (b T + t) 2 + h
            }
            NDArray y = m.create(v, new Shape(B, T, 2));
            ParameterStore ps = new ParameterStore(m, false);
            LastValidStep last = LastValidStep.create();
            double[] got = BlockPass.values(last.forward(ps, new NDList(y, m.create(new int[] {2, 5, 0})), false)
                    .singletonOrThrow());
            // b = 0: step 1 -> 1 + 2 = 3, 4; b = 1: step 4 -> 1 + (5 + 4) 2 = 19, 20; b = 2: no valid step -> 0
            assertArrayEquals(new double[] {3, 4, 19, 20, 0, 0}, got, 0.0);
            double[] all = BlockPass.values(last.forward(ps, new NDList(y), false).singletonOrThrow());
            assertArrayEquals(new double[] {9, 10, 19, 20, 29, 30}, all, 0.0);
            // [B, 1] int64 lengths, and time-major y
            double[] col = BlockPass.values(last.forward(ps, new NDList(y, m.create(new long[] {1, 3, 5},
                    new Shape(3, 1))), false).singletonOrThrow());
            assertArrayEquals(new double[] {1, 2, 15, 16, 29, 30}, col, 0.0);
            double[] tm = BlockPass.values(LastValidStep.create(false).forward(ps, new NDList(y.transpose(1, 0, 2),
                    m.create(new int[] {2, 5, 1})), false).singletonOrThrow());
            assertArrayEquals(new double[] {3, 4, 19, 20, 21, 22}, tm, 0.0);
            assertArrayEquals(new Shape[] {new Shape(B, 2)}, last.getOutputShapes(new Shape[] {new Shape(B, T, 2),
                    new Shape(B)}));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> last.forward(ps,
                    new NDList(y, m.create(new int[] {2, 6, 0})), false)).getMessage().contains("got 6"));
        }
    }

    @Test
    void lastValidStepAfterARecurrentBlockInASequentialBlock() {
        Random r = new Random(5);
        LstmSpec s = LstmSpec.peephole(I, H);
        Map<String, double[]> w = RunFixtures.lstmWeights(r, I, H, true);
        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
        int[] lengths = {4, 1, T};
        RecurrentRunResult ref = ReferenceOracle.lstm(s, w, x, lengths, null, null, null, null, null, false);
        try (NDManager m = NDManager.newBaseManager()) {
            PeepholeLSTM lstm = PeepholeLSTM.builder().fromSpec(s).build();
            SequentialBlock net = new SequentialBlock().add(lstm).add(LastValidStep.create());
            net.initialize(m, DataType.FLOAT64, new Shape(B, T, I), new Shape(B));
            lstm.setInterchangeWeights(m, DataType.FLOAT64, w);
            NDArray h = net.forward(new ParameterStore(m, false), new NDList(BlockPass.create(m, x),
                    m.create(lengths)), false).singletonOrThrow();
            Comparisons.assertRelativeErrorFlat(BlockPass.values(h), ref.hN(), 1e-12, "last valid y = h_n");
        }
    }

    @Test
    void mixedStackReturnsEachLayersStates() {
        Random r = new Random(9);
        LstmSpec s1 = LstmSpec.peephole(I, H);
        GruSpec s2 = new GruSpec(H, 2, false);
        Map<String, double[]> w1 = RunFixtures.lstmWeights(r, I, H, true);
        Map<String, double[]> w2 = RunFixtures.gruWeights(r, H, 2);
        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
        int[] lengths = {T, 3, 2};
        RecurrentRunResult ref1 = ReferenceOracle.lstm(s1, w1, x, lengths, null, null, null, null, null, false);
        RecurrentRunResult ref2 = ReferenceOracle.gru(s2, w2, ref1.y(), lengths, null, null, null, false);
        try (NDManager m = NDManager.newBaseManager()) {
            PeepholeLSTM l1 = PeepholeLSTM.builder().fromSpec(s1).build();
            GRU l2 = GRU.builder().fromSpec(s2).build();
            RecurrentStack stack = RecurrentStack.builder().add(l1).add(l2).optReturnState(true).build();
            stack.initialize(m, DataType.FLOAT64, new Shape(B, T, I));
            l1.setInterchangeWeights(m, DataType.FLOAT64, w1);
            l2.setInterchangeWeights(m, DataType.FLOAT64, w2);
            NDList out = stack.forward(new ParameterStore(m, false), new NDList(BlockPass.create(m, x),
                    m.create(lengths)), false);
            // [y, lengths, h_n of the LSTM [1, B, 3], c_n of the LSTM [1, B, 3], h_n of the GRU [1, B, 2]]
            assertEquals(5, out.size());
            Comparisons.assertRelativeErrorFlat(BlockPass.values(out.get(0)), ref2.y(), 1e-9, "y");
            Comparisons.assertRelativeErrorFlat(BlockPass.values(out.get(2)), ref1.hN(), 1e-9, "LSTM h_n");
            Comparisons.assertRelativeErrorFlat(BlockPass.values(out.get(3)), ref1.cN(), 1e-9, "LSTM c_n");
            Comparisons.assertRelativeErrorFlat(BlockPass.values(out.get(4)), ref2.hN(), 1e-9, "GRU h_n");
            assertArrayEquals(new Shape[] {new Shape(B, T, 2), new Shape(B), new Shape(1, B, H), new Shape(1, B, H),
                new Shape(1, B, 2)}, stack.getOutputShapes(new Shape[] {new Shape(B, T, I), new Shape(B)}));
            for (int k = 0; k < out.size(); k++) {
                assertEquals(stack.getOutputShapes(new Shape[] {new Shape(B, T, I), new Shape(B)})[k],
                        out.get(k).getShape(), "output " + k);
            }
        }
    }

    private static void expect(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void emptyBatchesAndSequencesAreRefusedAndColumnLengthsAccepted() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            PeepholeLSTM lstm = PeepholeLSTM.builder().setStateSize(H).build();
            lstm.initialize(m, DataType.FLOAT32, new Shape(2, T, I));
            GRU gru = GRU.builder().setStateSize(H).optBatchFirst(false).build();
            gru.initialize(m, DataType.FLOAT32, new Shape(T, 2, I));
            Block bi = Bidirectional.builder().setLayerFactory(() -> GRU.builder().setStateSize(H).build()).build();
            bi.initialize(m, DataType.FLOAT32, new Shape(2, T, I));
            RecurrentStack stack = RecurrentStack.builder().add(PeepholeLSTM.builder().setStateSize(H).build())
                    .build();
            stack.initialize(m, DataType.FLOAT32, new Shape(2, T, I));
            expect(() -> lstm.forward(ps, new NDList(m.zeros(new Shape(2, 0, I))), false), "PeepholeLSTM",
                    "T >= 1", "(2, 0, 4)");
            expect(() -> lstm.forward(ps, new NDList(m.zeros(new Shape(0, T, I))), false), "PeepholeLSTM",
                    "B >= 1", "(0, 5, 4)");
            expect(() -> gru.forward(ps, new NDList(m.zeros(new Shape(0, 2, I))), false), "GRU", "T >= 1",
                    "(0, 2, 4)");
            expect(() -> bi.forward(ps, new NDList(m.zeros(new Shape(2, 0, I))), false), "Bidirectional",
                    "(2, 0, 4)");
            expect(() -> stack.forward(ps, new NDList(m.zeros(new Shape(0, T, I))), false), "RecurrentStack",
                    "(0, 5, 4)");
            // lengths [B] and [B, 1] (int32 and int64) give the same result
            NDArray x = m.randomUniform(-1, 1, new Shape(2, T, I));
            float[] flat = lstm.forward(ps, new NDList(x, m.create(new int[] {4, 2})), false).head().toFloatArray();
            float[] col = lstm.forward(ps, new NDList(x, m.create(new int[] {4, 2}, new Shape(2, 1))), false).head()
                    .toFloatArray();
            float[] col64 = lstm.forward(ps, new NDList(x, m.create(new long[] {4, 2}, new Shape(2, 1))), false)
                    .head().toFloatArray();
            assertArrayEquals(flat, col, 0f);
            assertArrayEquals(flat, col64, 0f);
            // before: a [B, 1] lengths array was read as an initial state h0
            expect(() -> lstm.forward(ps, new NDList(x, m.create(new int[] {4, 2, 1, 1}, new Shape(2, 2))), false),
                    "lengths of shape [B] or [B, 1]", "(2, 2)");
            float[] biFlat = bi.forward(ps, new NDList(x, m.create(new int[] {4, 2})), false).head().toFloatArray();
            float[] biCol = bi.forward(ps, new NDList(x, m.create(new int[] {4, 2}, new Shape(2, 1))), false).head()
                    .toFloatArray();
            assertArrayEquals(biFlat, biCol, 0f);
        }
    }
}
