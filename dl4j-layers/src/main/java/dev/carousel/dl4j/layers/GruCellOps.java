package dev.carousel.dl4j.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One GRU step as ND4J operations only (the CUDA path); the same maths and split as {@link GruCell}. Arrays are
 * views: [B, 3H] blocks r | z | n, [B, H] states, and a [B, 1] 0/1 mask column or null.
 */
final class GruCellOps {
    private final int nH;
    private final boolean resetAfter;

    GruCellOps(int nH, boolean resetAfter) {
        this.nH = nH;
        this.resetAfter = resetAfter;
    }

    private INDArray block(INDArray a, int k) {
        return a.get(all(), interval((long) k * nH, (long) (k + 1) * nH));
    }

    /** r, z into {@code ax}; returns rh = r . h_{t-1} for reset-before, null for reset-after. */
    INDArray gates(INDArray ax, INDArray ah, INDArray hPrev) {
        INDArray rz = ax.get(all(), interval(0, 2L * nH));
        rz.addi(ah.get(all(), interval(0, 2L * nH)));
        Transforms.sigmoid(rz, false);
        return resetAfter ? null : block(ax, 0).mul(hPrev);
    }

    /** n into {@code ax}; writes h_t (carried where masked) and y_t (0 where masked). */
    void candidate(INDArray ax, INDArray hn, INDArray hPrev, INDArray h, INDArray y, INDArray mask) {
        INDArray r = block(ax, 0);
        INDArray z = block(ax, 1);
        INDArray n = block(ax, 2);
        n.addi(resetAfter ? r.mul(hn) : hn);
        Transforms.tanh(n, false);
        INDArray hNew = hPrev.sub(n).muli(z).addi(n);
        if (mask == null) {
            h.assign(hNew);
            y.assign(hNew);
        } else {
            y.assign(hNew.mulColumnVector(mask));
            h.assign(hNew.subi(hPrev).muliColumnVector(mask).addi(hPrev));
        }
    }

    /** Fills dIn and dRec (see {@link GruCell#backwardCandidate}); returns dh . z (dh where masked). */
    INDArray backwardCandidate(INDArray acts, INDArray hPrev, INDArray hn, INDArray dh, INDArray dIn, INDArray dRec,
                               INDArray mask) {
        INDArray r = block(acts, 0);
        INDArray z = block(acts, 1);
        INDArray n = block(acts, 2);
        INDArray dhm = mask == null ? dh : dh.mulColumnVector(mask);
        INDArray dAn = dhm.mul(z.rsub(1.0)).muli(n.mul(n).rsubi(1.0));
        INDArray dAz = dhm.mul(hPrev.sub(n)).muli(SquashOps.sigmoidDerivative(z));
        block(dIn, 1).assign(dAz);
        block(dRec, 1).assign(dAz);
        block(dIn, 2).assign(dAn);
        if (resetAfter) {
            INDArray dAr = dAn.mul(hn).muli(SquashOps.sigmoidDerivative(r));
            block(dIn, 0).assign(dAr);
            block(dRec, 0).assign(dAr);
            block(dRec, 2).assign(dAn.mul(r));
        } else {
            block(dRec, 2).assign(dAn);
        }
        INDArray dhPrev = dh.mul(z);
        if (mask != null) {
            dhPrev.subi(dh).muliColumnVector(mask).addi(dh);
        }
        return dhPrev;
    }

    /** Reset-before: dA_r from dRH = dL/d(r . h_{t-1}) (0 on masked rows), and dhPrev += dRH . r. */
    void backwardReset(INDArray acts, INDArray hPrev, INDArray dRH, INDArray dIn, INDArray dRec, INDArray dhPrev) {
        INDArray r = block(acts, 0);
        INDArray dAr = dRH.mul(hPrev).muli(SquashOps.sigmoidDerivative(r));
        block(dIn, 0).assign(dAr);
        block(dRec, 0).assign(dAr);
        dhPrev.addi(dRH.mul(r));
    }
}
