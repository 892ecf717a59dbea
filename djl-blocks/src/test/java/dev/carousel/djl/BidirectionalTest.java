package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.Comparisons;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bidirectional and stacked layers against reference-impl: the backward direction is the reference's reversed
 * layer (with lengths it starts at step L_b - 1), outputs concatenated, gradients of both directions summed.
 */
class BidirectionalTest {
    private static final int B = 3;
    private static final int T = 6;
    private static final int I = 4;
    private static final int H = 3;

    @Test
    void bidirectionalPeepholeLstmWithLengthsMatchesReference() {
        Random r = new Random(21);
        LstmSpec spec = LstmSpec.peephole(I, H);
        Map<String, double[]> wf = RunFixtures.lstmWeights(r, I, H, true);
        Map<String, double[]> wb = RunFixtures.lstmWeights(r, I, H, true);
        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
        int[] lengths = {T, 2, 4};
        double[][][] h0 = {RandomArrays.matrix(r, B, H, 0.5), RandomArrays.matrix(r, B, H, 0.5)};
        double[][][] c0 = {RandomArrays.matrix(r, B, H, 0.5), RandomArrays.matrix(r, B, H, 0.5)};
        double[][][] dy = RandomArrays.sequence(r, B, T, 2 * H, 1.0);
        double[][][] dh = {RandomArrays.matrix(r, B, H, 1.0), RandomArrays.matrix(r, B, H, 1.0)};
        double[][][] dc = {RandomArrays.matrix(r, B, H, 1.0), RandomArrays.matrix(r, B, H, 1.0)};
        double[] dyFlat = RandomArrays.flatten(dy);
        RecurrentRunResult refF = ReferenceOracle.lstm(spec, wf, x, lengths, h0[0], c0[0],
                BlockPass.columns(dyFlat, B, T, 2 * H, 0, H), dh[0], dc[0], false);
        RecurrentRunResult refB = ReferenceOracle.lstm(spec, wb, x, lengths, h0[1], c0[1],
                BlockPass.columns(dyFlat, B, T, 2 * H, H, 2 * H), dh[1], dc[1], true);
        try (NDManager m = NDManager.newBaseManager()) {
            Bidirectional bi = Bidirectional.builder().optReturnState(true)
                    .setLayerFactory(() -> PeepholeLSTM.builder().fromSpec(spec).build()).build();
            bi.initialize(m, DataType.FLOAT64, new Shape(B, T, I));
            ((PeepholeLSTM) bi.getForwardLayer()).setInterchangeWeights(m, DataType.FLOAT64, wf);
            ((PeepholeLSTM) bi.getBackwardLayer()).setInterchangeWeights(m, DataType.FLOAT64, wb);
            NDArray xs = BlockPass.create(m, x);
            NDArray hs = m.create(RandomArrays.flatten(h0), new Shape(2, B, H));
            NDArray cs = m.create(RandomArrays.flatten(c0), new Shape(2, B, H));
            xs.setRequiresGradient(true);
            hs.setRequiresGradient(true);
            cs.setRequiresGradient(true);
            BlockPass p = BlockPass.run(bi, m, new NDList(xs, m.create(lengths), hs, cs), BlockPass.create(m, dy),
                    m.create(RandomArrays.flatten(dh), new Shape(2, B, H)),
                    m.create(RandomArrays.flatten(dc), new Shape(2, B, H)));
            double[] y = BlockPass.values(p.outputs.get(0));
            Comparisons.assertRelativeErrorFlat(BlockPass.columns(y, B, T, 2 * H, 0, H), refF.y(), 1e-9, "forward y");
            Comparisons.assertRelativeErrorFlat(BlockPass.columns(y, B, T, 2 * H, H, 2 * H), refB.y(), 1e-9,
                    "backward y");
            Comparisons.assertRelativeErrorFlat(BlockPass.values(p.outputs.get(1)),
                    new Object[] {refF.hN(), refB.hN()}, 1e-9, "h_n");
            Comparisons.assertRelativeErrorFlat(BlockPass.values(p.outputs.get(2)),
                    new Object[] {refF.cN(), refB.cN()}, 1e-9, "c_n");
            double[] dxRef = RandomArrays.flatten(refF.dx()).clone();
            double[] dxB = RandomArrays.flatten(refB.dx());
            for (int k = 0; k < dxRef.length; k++) {
                dxRef[k] += dxB[k];
            }
            Comparisons.assertRelativeErrorFlat(BlockPass.grad(xs), dxRef, 1e-9, "dx");
            Comparisons.assertRelativeErrorFlat(BlockPass.grad(hs), new Object[] {refF.dh0(), refB.dh0()}, 1e-9, "dh0");
            Comparisons.assertRelativeErrorFlat(BlockPass.grad(cs), new Object[] {refF.dc0(), refB.dc0()}, 1e-9, "dc0");
            assertGrads("forward", ((PeepholeLSTM) bi.getForwardLayer()).getInterchangeGradients(), refF);
            assertGrads("backward", ((PeepholeLSTM) bi.getBackwardLayer()).getInterchangeGradients(), refB);
            assertArrayEquals(new Shape[] {new Shape(B, T, 2 * H), new Shape(2, B, H), new Shape(2, B, H)},
                    bi.getOutputShapes(new Shape[] {new Shape(B, T, I)}));
        }
    }

    @Test
    void bidirectionalGruTimeMajorWithoutLengthsMatchesReference() {
        Random r = new Random(22);
        for (boolean resetAfter : new boolean[] {true, false}) {
            GruSpec spec = new GruSpec(I, H, resetAfter);
            Map<String, double[]> wf = RunFixtures.gruWeights(r, I, H);
            Map<String, double[]> wb = RunFixtures.gruWeights(r, I, H);
            double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
            RecurrentRunResult refF = ReferenceOracle.gru(spec, wf, x, null, null, null, null, false);
            RecurrentRunResult refB = ReferenceOracle.gru(spec, wb, x, null, null, null, null, true);
            try (NDManager m = NDManager.newBaseManager()) {
                Bidirectional bi = Bidirectional.builder().optReturnState(true)
                        .setLayerFactory(() -> GRU.builder().fromSpec(spec).optBatchFirst(false).build()).build();
                bi.initialize(m, DataType.FLOAT64, new Shape(T, B, I));
                ((GRU) bi.getForwardLayer()).setInterchangeWeights(m, DataType.FLOAT64, wf);
                ((GRU) bi.getBackwardLayer()).setInterchangeWeights(m, DataType.FLOAT64, wb);
                NDArray xs = BlockPass.create(m, x).transpose(1, 0, 2);
                BlockPass p = BlockPass.run(bi, m, new NDList(xs));
                double[] y = BlockPass.values(p.outputs.get(0).transpose(1, 0, 2));
                Comparisons.assertRelativeErrorFlat(BlockPass.columns(y, B, T, 2 * H, 0, H), refF.y(), 1e-9,
                        "forward y");
                Comparisons.assertRelativeErrorFlat(BlockPass.columns(y, B, T, 2 * H, H, 2 * H), refB.y(), 1e-9,
                        "backward y");
                Comparisons.assertRelativeErrorFlat(BlockPass.values(p.outputs.get(1)),
                        new Object[] {refF.hN(), refB.hN()}, 1e-9, "h_n");
            }
        }
    }

    @Test
    void stackOfBidirectionalAndUnidirectionalLayersMatchesReference() {
        Random r = new Random(23);
        LstmSpec s1 = LstmSpec.peephole(I, H);
        LstmSpec s2 = LstmSpec.lstm1997(2 * H, H);
        Map<String, double[]> w1f = RunFixtures.lstmWeights(r, I, H, true);
        Map<String, double[]> w1b = RunFixtures.lstmWeights(r, I, H, true);
        Map<String, double[]> w2 = RunFixtures.lstmWeights(r, 2 * H, H, false);
        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
        int[] lengths = {3, T, 1};
        double[][][] dy = RandomArrays.sequence(r, B, T, H, 1.0);
        double[][][] dh = {RandomArrays.matrix(r, B, H, 1.0), RandomArrays.matrix(r, B, H, 1.0),
            RandomArrays.matrix(r, B, H, 1.0)};
        double[][][] dc = {RandomArrays.matrix(r, B, H, 1.0), RandomArrays.matrix(r, B, H, 1.0),
            RandomArrays.matrix(r, B, H, 1.0)};
        // reference: layer 1 both directions (forward pass with zero upstream to get y), layer 2 on [yf ; yb]
        RecurrentRunResult f1 = ReferenceOracle.lstm(s1, w1f, x, lengths, null, null, null, null, null, false);
        RecurrentRunResult b1 = ReferenceOracle.lstm(s1, w1b, x, lengths, null, null, null, null, null, true);
        double[][][] y1 = new double[B][T][2 * H];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                System.arraycopy(f1.y()[b][t], 0, y1[b][t], 0, H);
                System.arraycopy(b1.y()[b][t], 0, y1[b][t], H, H);
            }
        }
        RecurrentRunResult ref2 = ReferenceOracle.lstm(s2, w2, y1, lengths, null, null, dy, dh[2], dc[2], false);
        double[] dy1 = RandomArrays.flatten(ref2.dx());
        RecurrentRunResult rf = ReferenceOracle.lstm(s1, w1f, x, lengths, null, null,
                BlockPass.columns(dy1, B, T, 2 * H, 0, H), dh[0], dc[0], false);
        RecurrentRunResult rb = ReferenceOracle.lstm(s1, w1b, x, lengths, null, null,
                BlockPass.columns(dy1, B, T, 2 * H, H, 2 * H), dh[1], dc[1], true);
        try (NDManager m = NDManager.newBaseManager()) {
            Bidirectional bi = Bidirectional.builder()
                    .setLayerFactory(() -> PeepholeLSTM.builder().fromSpec(s1).build()).build();
            PeepholeLSTM top = PeepholeLSTM.builder().fromSpec(s2).build();
            RecurrentStack stack = RecurrentStack.builder().add(bi).add(top).optReturnState(true).build();
            stack.initialize(m, DataType.FLOAT64, new Shape(B, T, I));
            ((PeepholeLSTM) bi.getForwardLayer()).setInterchangeWeights(m, DataType.FLOAT64, w1f);
            ((PeepholeLSTM) bi.getBackwardLayer()).setInterchangeWeights(m, DataType.FLOAT64, w1b);
            top.setInterchangeWeights(m, DataType.FLOAT64, w2);
            NDArray xs = BlockPass.create(m, x);
            xs.setRequiresGradient(true);
            BlockPass p = BlockPass.run(stack, m, new NDList(xs, m.create(lengths)), BlockPass.create(m, dy),
                    m.create(RandomArrays.flatten(dh), new Shape(3, B, H)),
                    m.create(RandomArrays.flatten(dc), new Shape(3, B, H)));
            Comparisons.assertRelativeErrorFlat(BlockPass.values(p.outputs.get(0)), ref2.y(), 1e-9, "y");
            Comparisons.assertRelativeErrorFlat(BlockPass.values(p.outputs.get(1)),
                    new Object[] {rf.hN(), rb.hN(), ref2.hN()}, 1e-9, "h_n");
            Comparisons.assertRelativeErrorFlat(BlockPass.values(p.outputs.get(2)),
                    new Object[] {rf.cN(), rb.cN(), ref2.cN()}, 1e-9, "c_n");
            double[] dx = RandomArrays.flatten(rf.dx()).clone();
            double[] dxb = RandomArrays.flatten(rb.dx());
            for (int k = 0; k < dx.length; k++) {
                dx[k] += dxb[k];
            }
            Comparisons.assertRelativeErrorFlat(BlockPass.grad(xs), dx, 1e-9, "dx");
            assertGrads("layer 1 forward", ((PeepholeLSTM) bi.getForwardLayer()).getInterchangeGradients(), rf);
            assertGrads("layer 1 backward", ((PeepholeLSTM) bi.getBackwardLayer()).getInterchangeGradients(), rb);
            assertGrads("layer 2", top.getInterchangeGradients(), ref2);
            assertArrayEquals(new Shape[] {new Shape(B, T, H), new Shape(3, B, H), new Shape(3, B, H)},
                    stack.getOutputShapes(new Shape[] {new Shape(B, T, I)}));
        }
    }

    private static void assertGrads(String what, Map<String, double[]> actual, RecurrentRunResult ref) {
        for (Map.Entry<String, double[]> e : ref.paramGrads().entrySet()) {
            Comparisons.assertRelativeErrorFlat(actual.get(e.getKey()), e.getValue(), 1e-9, what + " d" + e.getKey());
        }
    }

}
