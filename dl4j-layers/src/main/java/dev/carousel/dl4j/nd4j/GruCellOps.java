package dev.carousel.dl4j.nd4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One GRU step (equations.md section 2) as ND4J operations only: the step of {@code GruLayer} on CUDA (or when the
 * ND4J-operations path is forced) and of the attention decoder's GRU cells. {@code dev.carousel.dl4j.host.GruCell}
 * is the same maths in Java loops (the CPU fast path). Arrays are views: [B, 3H] blocks r | z | n, [B, H] states,
 * the recurrent weights U [H, 3H] and bias b_hh [3H], and a [B, 1] 0/1 mask column or null:
 *
 * <pre>
 *   ax = x W + b_ih (the caller's),  r = sigma(ax_r + h U_r + bh_r),  z = sigma(ax_z + h U_z + bh_z)
 *   reset-after:  hn = h U_n + bh_n,         n = tanh(ax_n + r . hn)
 *   reset-before: hn = (r . h) U_n + bh_n,   n = tanh(ax_n + hn)
 *   h_t = z . h_{t-1} + (1 - z) . n
 * </pre>
 *
 * The caller does the input products: ax going in, dL/dx = dIn W^T and the input-side gradients coming out.
 */
public final class GruCellOps {
    private final int nH;
    private final boolean resetAfter;

    public GruCellOps(int nH, boolean resetAfter) {
        this.nH = nH;
        this.resetAfter = resetAfter;
    }

    private INDArray block(INDArray a, int k) {
        return a.get(all(), interval((long) k * nH, (long) (k + 1) * nH));
    }

    private INDArray blocks(INDArray a, int from, int to) {
        return a.get(all(), interval((long) from * nH, (long) to * nH));
    }

    private INDArray blocks1(INDArray v, int from, int to) {
        return v.get(interval((long) from * nH, (long) to * nH));
    }

    /**
     * Forward step: {@code ax} holds x W + b_ih and is overwritten with the activations r | z | n; writes h_t
     * (carried where masked) and, unless {@code y} is null, y_t (0 where masked).
     *
     * @return the step's cache for backward: hn (reset-after) or r . h_{t-1} (reset-before), [B, H]
     */
    public INDArray forward(INDArray ax, INDArray hPrev, INDArray u, INDArray bh, INDArray h, INDArray y,
                            INDArray mask) {
        INDArray rz = blocks(ax, 0, 2);
        INDArray ah = Nd4j.gemm(hPrev, resetAfter ? u : blocks(u, 0, 2), false, false)
                .addiRowVector(resetAfter ? bh : blocks1(bh, 0, 2));
        rz.addi(blocks(ah, 0, 2));
        Transforms.sigmoid(rz, false);
        INDArray r = block(ax, 0);
        INDArray z = block(ax, 1);
        INDArray n = block(ax, 2);
        INDArray aux;
        if (resetAfter) {
            aux = block(ah, 2);
            n.addi(r.mul(aux));
        } else {
            aux = r.mul(hPrev);
            n.addi(Nd4j.gemm(aux, blocks(u, 2, 3), false, false).addiRowVector(blocks1(bh, 2, 3)));
        }
        Transforms.tanh(n, false);
        INDArray hNew = hPrev.sub(n).muli(z).addi(n);
        SquashOps.writeStep(hNew, hPrev, h, y, mask);
        return aux;
    }

    /**
     * Backward step.
     *
     * @param acts the activations r | z | n of the step (forward's {@code ax})
     * @param aux  forward's return value
     * @param dh   dL/dh_t, not modified
     * @param dIn  out: dL/d(ax) [B, 3H], 0 where masked
     * @param dRec out: dL/d(the recurrent pre-activations h U + b_hh) [B, 3H] (reset-before: block n is dL/dhn)
     * @return dL/dh_{t-1} (dL/dh_t passed through where masked)
     */
    public INDArray backward(INDArray acts, INDArray hPrev, INDArray aux, INDArray u, INDArray dh, INDArray dIn,
                             INDArray dRec, INDArray mask) {
        INDArray r = block(acts, 0);
        INDArray z = block(acts, 1);
        INDArray n = block(acts, 2);
        INDArray dhm = mask == null ? dh : dh.mulColumnVector(mask);
        INDArray dAn = dhm.mul(z.rsub(1.0)).muli(n.mul(n).rsubi(1.0));
        INDArray dAz = dhm.mul(hPrev.sub(n)).muli(SquashOps.sigmoidDerivative(z));
        block(dIn, 1).assign(dAz);
        block(dRec, 1).assign(dAz);
        block(dIn, 2).assign(dAn);
        INDArray dAr;
        INDArray dhPrev = dh.mul(z);
        if (mask != null) {
            dhPrev.subi(dh).muliColumnVector(mask).addi(dh);
        }
        if (resetAfter) {
            dAr = dAn.mul(aux).muli(SquashOps.sigmoidDerivative(r));
            block(dRec, 2).assign(dAn.mul(r));
        } else {
            block(dRec, 2).assign(dAn);
            INDArray dRH = Nd4j.gemm(dAn, blocks(u, 2, 3), false, true);
            dAr = dRH.mul(hPrev).muli(SquashOps.sigmoidDerivative(r));
            dhPrev.addi(dRH.muli(r));
        }
        block(dIn, 0).assign(dAr);
        block(dRec, 0).assign(dAr);
        if (resetAfter) {
            dhPrev.addi(Nd4j.gemm(dRec, u, false, true));
        } else {
            dhPrev.addi(Nd4j.gemm(blocks(dRec, 0, 2), blocks(u, 0, 2), false, true));
        }
        return dhPrev;
    }

    /**
     * dL/dU for rows of steps (one step or many time-major steps at once): {@code gU := beta gU + hPrev^T dRec}
     * (reset-before: the n block from the caches r . h_{t-1} instead of h_{t-1}).
     */
    public void recurrentWeightGradient(INDArray hPrev, INDArray aux, INDArray dRec, INDArray gU, double beta) {
        if (resetAfter) {
            Nd4j.gemm(hPrev, dRec, gU, true, false, 1.0, beta);
        } else {
            addProduct(hPrev, blocks(dRec, 0, 2), blocks(gU, 0, 2), beta);
            addProduct(aux, block(dRec, 2), block(gU, 2), beta);
        }
    }

    /** c := beta c + a^T b for a column block c (gemm writes only whole contiguous arrays). */
    private static void addProduct(INDArray a, INDArray b, INDArray c, double beta) {
        INDArray ab = Nd4j.gemm(a, b, true, false);
        if (beta == 0.0) {
            c.assign(ab);
        } else {
            c.muli(beta).addi(ab);
        }
    }
}
