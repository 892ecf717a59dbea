package dev.carousel.dl4j.attention;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The decoder's GRU step (equations.md section 2), column blocks r, z, n:
 *
 * <pre>
 *   ax = x W + b_ih,   r = sigma(ax_r + h RW_r + bh_r),   z = sigma(ax_z + h RW_z + bh_z)
 *   reset-after:  n = tanh( ax_n + r . (h RW_n + bh_n) )
 *   reset-before: n = tanh( ax_n + (r . h) RW_n + bh_n )
 *   h_t = z . h_{t-1} + (1 - z) . n
 * </pre>
 *
 * Parameters ({@link AttentionDecoderParams}): {@code W} [In, 3H], {@code RW} [H, 3H], {@code b} [3H] (b_ih),
 * {@code bh} [3H] (b_hh).
 */
final class GruDecoderCell implements DecoderCell {
    private final int nH;
    private final boolean resetAfter;

    GruDecoderCell(int hiddenSize, boolean resetAfter) {
        this.nH = hiddenSize;
        this.resetAfter = resetAfter;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    private INDArray cols(INDArray m, int from, int to) {
        return m.get(all(), interval((long) from * nH, (long) to * nH));
    }

    private INDArray vec(INDArray v, int from, int to) {
        return v.get(interval((long) from * nH, (long) to * nH));
    }

    @Override
    public Step forward(Map<String, INDArray> p, INDArray x, INDArray[] state) {
        INDArray h = state[0];
        INDArray rw = p.get(AttentionDecoderParams.CELL_RW);
        INDArray bh = p.get(AttentionDecoderParams.CELL_BH);
        INDArray ax = Nd4j.gemm(x, p.get(AttentionDecoderParams.CELL_W), false, false).addiRowVector(p.get(AttentionDecoderParams.CELL_B));
        INDArray ahRz = h.mmul(cols(rw, 0, 2)).addiRowVector(vec(bh, 0, 2));
        INDArray rz = Transforms.sigmoid(cols(ax, 0, 2).add(ahRz), false);
        INDArray r = cols(rz, 0, 1).dup();
        INDArray z = cols(rz, 1, 2).dup();
        INDArray hn;
        INDArray rh = null;
        INDArray pre;
        if (resetAfter) {
            hn = h.mmul(cols(rw, 2, 3)).addiRowVector(vec(bh, 2, 3));
            pre = cols(ax, 2, 3).add(r.mul(hn));
        } else {
            rh = r.mul(h);
            hn = rh.mmul(cols(rw, 2, 3)).addiRowVector(vec(bh, 2, 3));
            pre = cols(ax, 2, 3).add(hn);
        }
        INDArray n = Transforms.tanh(pre, false);
        INDArray hNew = z.mul(h).addi(z.rsub(1.0).muli(n));
        return new GruStep(x, h, r, z, n, hn, rh, hNew);
    }

    @Override
    public Backward backward(Map<String, INDArray> p, Step step, INDArray[] dState, Map<String, INDArray> grads) {
        GruStep s = (GruStep) step;
        INDArray rw = p.get(AttentionDecoderParams.CELL_RW);
        INDArray dh = dState[0];
        INDArray dAn = dh.mul(s.z.rsub(1.0)).muli(s.n.mul(s.n).rsubi(1.0));
        INDArray dAz = dh.mul(s.hPrev.sub(s.n)).muli(s.z).muli(s.z.rsub(1.0));
        INDArray dhPrev = dh.mul(s.z);
        INDArray dAr;
        INDArray dRecN;
        INDArray dRW = grads.get(AttentionDecoderParams.CELL_RW);
        INDArray dBh = grads.get(AttentionDecoderParams.CELL_BH);
        if (resetAfter) {
            dAr = dAn.mul(s.hn).muli(s.r).muli(s.r.rsub(1.0));
            dRecN = dAn.mul(s.r);
            cols(dRW, 2, 3).addi(s.hPrev.transpose().mmul(dRecN));
            dhPrev.addi(dRecN.mmul(cols(rw, 2, 3).transpose()));
        } else {
            dRecN = dAn;
            cols(dRW, 2, 3).addi(s.rh.transpose().mmul(dAn));
            INDArray dRh = dAn.mmul(cols(rw, 2, 3).transpose());
            dAr = dRh.mul(s.hPrev).muli(s.r).muli(s.r.rsub(1.0));
            dhPrev.addi(dRh.mul(s.r));
        }
        vec(dBh, 2, 3).addi(dRecN.sum(0));
        INDArray dRz = Nd4j.hstack(dAr, dAz);
        cols(dRW, 0, 2).addi(s.hPrev.transpose().mmul(dRz));
        vec(dBh, 0, 2).addi(dRz.sum(0));
        dhPrev.addi(dRz.mmul(cols(rw, 0, 2).transpose()));
        INDArray dAx = Nd4j.hstack(dAr, dAz, dAn);
        Nd4j.gemm(s.x, dAx, grads.get(AttentionDecoderParams.CELL_W), true, false, 1.0, 1.0);
        grads.get(AttentionDecoderParams.CELL_B).addi(dAx.sum(0));
        INDArray dx = Nd4j.gemm(dAx, p.get(AttentionDecoderParams.CELL_W), false, true);
        return new Backward(dx, new INDArray[] {dhPrev});
    }

    private record GruStep(INDArray x, INDArray hPrev, INDArray r, INDArray z, INDArray n, INDArray hn, INDArray rh,
                           INDArray h) implements Step {
        @Override
        public INDArray[] state() {
            return new INDArray[] {h};
        }
    }
}
