package dev.carousel.dl4j.attention;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The decoder's LSTM step (equations.md section 1, tanh for act_g and act_h), optionally with peepholes:
 *
 * <pre>
 *   z   = x W + h_{t-1} RW + b                      column blocks i, f, g, o of width H
 *   i   = sigma(z_i + p_i . c_{t-1}),  f = sigma(z_f + p_f . c_{t-1}),  g = tanh(z_g)
 *   c_t = f . c_{t-1} + i . g
 *   o   = sigma(z_o + p_o . c_t),  h_t = o . tanh(c_t)
 * </pre>
 *
 * Parameters ({@link AttentionDecoderParams}): {@code W} [In, 4H], {@code RW} [H, 4H], {@code b} [4H]
 * (= b_ih + b_hh of the interchange layout), {@code P} [3H] = p_i, p_f, p_o when peepholes are on.
 */
final class LstmDecoderCell implements DecoderCell {
    private final int nH;
    private final boolean peepholes;

    LstmDecoderCell(int hiddenSize, boolean peepholes) {
        this.nH = hiddenSize;
        this.peepholes = peepholes;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    private INDArray block(INDArray m, int k) {
        return m.get(all(), interval((long) k * nH, (long) (k + 1) * nH));
    }

    private INDArray peep(Map<String, INDArray> p, int k) {
        return p.get(AttentionDecoderParams.CELL_P).get(interval((long) k * nH, (long) (k + 1) * nH));
    }

    @Override
    public Step forward(Map<String, INDArray> p, INDArray x, INDArray[] state) {
        INDArray hPrev = state[0];
        INDArray cPrev = state[1];
        INDArray z = Nd4j.gemm(x, p.get(AttentionDecoderParams.CELL_W), false, false);
        Nd4j.gemm(hPrev, p.get(AttentionDecoderParams.CELL_RW), z, false, false, 1.0, 1.0);
        z.addiRowVector(p.get(AttentionDecoderParams.CELL_B));
        INDArray zi = block(z, 0).dup();
        INDArray zf = block(z, 1).dup();
        INDArray zo = block(z, 3).dup();
        if (peepholes) {
            zi.addi(cPrev.mulRowVector(peep(p, 0)));
            zf.addi(cPrev.mulRowVector(peep(p, 1)));
        }
        INDArray i = Transforms.sigmoid(zi, false);
        INDArray f = Transforms.sigmoid(zf, false);
        INDArray g = Transforms.tanh(block(z, 2), true);
        INDArray c = f.mul(cPrev).addi(i.mul(g));
        if (peepholes) {
            zo.addi(c.mulRowVector(peep(p, 2)));
        }
        INDArray o = Transforms.sigmoid(zo, false);
        INDArray tc = Transforms.tanh(c, true);
        INDArray h = o.mul(tc);
        return new LstmStep(x, hPrev, cPrev, i, f, g, o, c, tc, h);
    }

    @Override
    public Backward backward(Map<String, INDArray> p, Step step, INDArray[] dState, Map<String, INDArray> grads) {
        LstmStep s = (LstmStep) step;
        INDArray dh = dState[0];
        INDArray dzo = dh.mul(s.tc).muli(s.o).muli(s.o.rsub(1.0));
        INDArray dc = dState[1].add(dh.mul(s.o).muli(s.tc.mul(s.tc).rsubi(1.0)));
        if (peepholes) {
            dc.addi(dzo.mulRowVector(peep(p, 2)));
        }
        INDArray dzi = dc.mul(s.g).muli(s.i).muli(s.i.rsub(1.0));
        INDArray dzf = dc.mul(s.cPrev).muli(s.f).muli(s.f.rsub(1.0));
        INDArray dzg = dc.mul(s.i).muli(s.g.mul(s.g).rsubi(1.0));
        INDArray dcPrev = dc.mul(s.f);
        if (peepholes) {
            dcPrev.addi(dzi.mulRowVector(peep(p, 0))).addi(dzf.mulRowVector(peep(p, 1)));
            INDArray dP = grads.get(AttentionDecoderParams.CELL_P);
            dP.get(interval(0, nH)).addi(dzi.mul(s.cPrev).sum(0));
            dP.get(interval(nH, 2L * nH)).addi(dzf.mul(s.cPrev).sum(0));
            dP.get(interval(2L * nH, 3L * nH)).addi(dzo.mul(s.c).sum(0));
        }
        INDArray dZ = Nd4j.hstack(dzi, dzf, dzg, dzo);
        Nd4j.gemm(s.x, dZ, grads.get(AttentionDecoderParams.CELL_W), true, false, 1.0, 1.0);
        Nd4j.gemm(s.hPrev, dZ, grads.get(AttentionDecoderParams.CELL_RW), true, false, 1.0, 1.0);
        grads.get(AttentionDecoderParams.CELL_B).addi(dZ.sum(0));
        INDArray dx = Nd4j.gemm(dZ, p.get(AttentionDecoderParams.CELL_W), false, true);
        INDArray dhPrev = Nd4j.gemm(dZ, p.get(AttentionDecoderParams.CELL_RW), false, true);
        return new Backward(dx, new INDArray[] {dhPrev, dcPrev});
    }

    private record LstmStep(INDArray x, INDArray hPrev, INDArray cPrev, INDArray i, INDArray f, INDArray g,
                            INDArray o, INDArray c, INDArray tc, INDArray h) implements Step {
        @Override
        public INDArray[] state() {
            return new INDArray[] {h, c};
        }
    }
}
