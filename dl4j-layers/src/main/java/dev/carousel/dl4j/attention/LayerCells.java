package dev.carousel.dl4j.attention;

import dev.carousel.dl4j.nd4j.GruCellOps;
import dev.carousel.dl4j.nd4j.PeepholeLstmCellOps;
import dev.carousel.spec.Activation;
import dev.carousel.spec.layout.LstmGateLayout;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The decoder's cells: thin adapters from {@link DecoderCell} to the recurrent layers' ND4J-operations steps
 * ({@link PeepholeLstmCellOps}, {@link GruCellOps}). The decoder's cell parameters ({@link AttentionDecoderParams}:
 * {@code W} [In, G*H], {@code RW} [H, G*H], {@code b} [G*H], GRU {@code bh} [3H], {@code P} [3H]) are laid out as
 * the layers' (input-major, gate blocks i, f, g, o or r, z, n, peepholes p_i, p_f, p_o), so an adapter only does
 * the input-side matrix products and accumulates the parameter gradients.
 */
final class LayerCells {
    private LayerCells() {
    }

    /** The LSTM of equations.md section 1 with tanh for act_g and act_h, with or without peepholes. */
    static DecoderCell lstm(int hiddenSize, boolean peepholes) {
        return new Lstm(new LstmGateLayout(hiddenSize, peepholes, true, false));
    }

    /** The GRU of equations.md section 2, reset-after or reset-before. */
    static DecoderCell gru(int hiddenSize, boolean resetAfter) {
        return new Gru(new GruCellOps(hiddenSize, resetAfter), hiddenSize);
    }

    private static INDArray w(Map<String, INDArray> p) {
        return p.get(AttentionDecoderParams.CELL_W);
    }

    /** dW += x^T dA, b += column sums of dA; returns dL/dx = dA W^T. */
    private static INDArray inputSide(Map<String, INDArray> p, INDArray x, INDArray dA, Map<String, INDArray> grads) {
        Nd4j.gemm(x, dA, grads.get(AttentionDecoderParams.CELL_W), true, false, 1.0, 1.0);
        grads.get(AttentionDecoderParams.CELL_B).addi(dA.sum(0));
        return Nd4j.gemm(dA, w(p), false, true);
    }

    private static final class Lstm implements DecoderCell {
        private final LstmGateLayout gl;

        Lstm(LstmGateLayout gl) {
            this.gl = gl;
        }

        private PeepholeLstmCellOps ops(Map<String, INDArray> p) {
            return new PeepholeLstmCellOps(gl, Activation.TANH, Activation.TANH,
                    gl.peepholes ? p.get(AttentionDecoderParams.CELL_P) : null);
        }

        @Override
        public int stateCount() {
            return 2;
        }

        @Override
        public Step forward(Map<String, INDArray> p, INDArray x, INDArray[] state) {
            INDArray hPrev = state[0];
            INDArray cPrev = state[1];
            INDArray acts = Nd4j.gemm(x, w(p), false, false);
            Nd4j.gemm(hPrev, p.get(AttentionDecoderParams.CELL_RW), acts, false, false, 1.0, 1.0);
            acts.addiRowVector(p.get(AttentionDecoderParams.CELL_B));
            INDArray c = cPrev.ulike();
            INDArray h = hPrev.ulike();
            ops(p).forward(acts, cPrev, hPrev, c, h, null, null);
            return new LstmStep(x, hPrev, cPrev, acts, c, h);
        }

        @Override
        public Backward backward(Map<String, INDArray> p, Step step, INDArray[] dState, Map<String, INDArray> grads) {
            LstmStep s = (LstmStep) step;
            PeepholeLstmCellOps ops = ops(p);
            INDArray dA = s.acts.ulike();
            INDArray dcPrev = ops.backward(s.acts, s.cPrev, s.c, dState[0], dState[1], dA, null);
            if (gl.peepholes) {
                ops.addPeepholeGradient(dA, s.cPrev, s.c, grads.get(AttentionDecoderParams.CELL_P));
            }
            Nd4j.gemm(s.hPrev, dA, grads.get(AttentionDecoderParams.CELL_RW), true, false, 1.0, 1.0);
            INDArray dhPrev = Nd4j.gemm(dA, p.get(AttentionDecoderParams.CELL_RW), false, true);
            return new Backward(inputSide(p, s.x, dA, grads), new INDArray[] {dhPrev, dcPrev});
        }
    }

    private record LstmStep(INDArray x, INDArray hPrev, INDArray cPrev, INDArray acts, INDArray c, INDArray h)
            implements DecoderCell.Step {
        @Override
        public INDArray[] state() {
            return new INDArray[] {h, c};
        }
    }

    private static final class Gru implements DecoderCell {
        private final GruCellOps ops;
        private final int nH;

        Gru(GruCellOps ops, int nH) {
            this.ops = ops;
            this.nH = nH;
        }

        @Override
        public int stateCount() {
            return 1;
        }

        @Override
        public Step forward(Map<String, INDArray> p, INDArray x, INDArray[] state) {
            INDArray hPrev = state[0];
            INDArray acts = Nd4j.gemm(x, w(p), false, false).addiRowVector(p.get(AttentionDecoderParams.CELL_B));
            INDArray h = hPrev.ulike();
            INDArray aux = ops.forward(acts, hPrev, p.get(AttentionDecoderParams.CELL_RW),
                    p.get(AttentionDecoderParams.CELL_BH), h, null, null);
            return new GruStep(x, hPrev, acts, aux, h);
        }

        @Override
        public Backward backward(Map<String, INDArray> p, Step step, INDArray[] dState, Map<String, INDArray> grads) {
            GruStep s = (GruStep) step;
            INDArray dIn = s.acts.ulike();
            INDArray dRec = s.acts.ulike();
            INDArray dhPrev = ops.backward(s.acts, s.hPrev, s.aux, p.get(AttentionDecoderParams.CELL_RW), dState[0],
                    dIn, dRec, null);
            ops.recurrentWeightGradient(s.hPrev, s.aux, dRec, grads.get(AttentionDecoderParams.CELL_RW), 1.0);
            grads.get(AttentionDecoderParams.CELL_BH).addi(dRec.sum(0));
            return new Backward(inputSide(p, s.x, dIn, grads), new INDArray[] {dhPrev});
        }
    }

    private record GruStep(INDArray x, INDArray hPrev, INDArray acts, INDArray aux, INDArray h)
            implements DecoderCell.Step {
        @Override
        public INDArray[] state() {
            return new INDArray[] {h};
        }
    }
}
