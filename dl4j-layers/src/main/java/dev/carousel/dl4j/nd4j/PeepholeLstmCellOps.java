package dev.carousel.dl4j.nd4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.carousel.spec.layout.LstmGateLayout;
import dev.carousel.spec.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One time step of the LSTM of equations.md section 1 for a minibatch, built from ND4J operations only: the step
 * of {@code PeepholeLstmLayer} on CUDA (or when the ND4J-operations path is forced) and of the attention decoder's
 * LSTM cells. {@code dev.carousel.dl4j.host.PeepholeLstmCell} is the same maths in Java loops (the CPU fast path).
 * Arrays are [B, H] or [B, G*H] views (gate blocks as {@link LstmGateLayout}); the mask is a [B, 1] column of 0/1
 * or null. The caller does the matrix products: the pre-activations {@code a = x W + h_{t-1} RW + b} going in,
 * and dL/dx = dA W^T, dL/dh_{t-1} = dA RW^T and the weight gradients coming out.
 */
public final class PeepholeLstmCellOps {
    private final LstmGateLayout gl;
    private final int nH;
    private final Activation actG;
    private final Activation actH;
    private final INDArray pI;
    private final INDArray pF;
    private final INDArray pO;

    /** @param peep the peephole parameter P (rank 1, p_i, p_f, p_o blocks) or null */
    public PeepholeLstmCellOps(LstmGateLayout gl, Activation actG, Activation actH, INDArray peep) {
        this.gl = gl;
        this.nH = gl.hidden;
        this.actG = actG;
        this.actH = actH;
        pI = gl.peepI >= 0 ? peep.get(interval(gl.peepI, gl.peepI + nH)) : null;
        pF = gl.peepF >= 0 ? peep.get(interval(gl.peepF, gl.peepF + nH)) : null;
        pO = gl.peepO >= 0 ? peep.get(interval(gl.peepO, gl.peepO + nH)) : null;
    }

    private INDArray block(INDArray a, int col) {
        return col < 0 ? null : a.get(all(), interval(col, col + nH));
    }

    /**
     * Forward step: {@code a} holds the pre-activations and is overwritten with the gate activations;
     * writes c_t, h_t (state: carried where masked) and, unless {@code y} is null, y_t (0 where masked).
     */
    public void forward(INDArray a, INDArray cPrev, INDArray hPrev, INDArray c, INDArray h, INDArray y, INDArray mask) {
        INDArray aI = block(a, gl.colI);
        INDArray aF = block(a, gl.colF);
        INDArray aG = block(a, gl.colG);
        INDArray aO = block(a, gl.colO);
        if (aF != null) {
            if (pF != null) {
                aF.addi(cPrev.mulRowVector(pF));
            }
            Transforms.sigmoid(aF, false);
        }
        if (aI != null) {
            if (pI != null) {
                aI.addi(cPrev.mulRowVector(pI));
            }
            Transforms.sigmoid(aI, false);
        }
        SquashOps.applyInPlace(actG, aG);
        INDArray cNew = aF != null ? cPrev.mul(aF) : cPrev.dup();
        if (aI != null) {
            cNew.addi(aI.mul(aG));
        } else {
            cNew.addi(aF.rsub(1.0).muli(aG));
        }
        if (pO != null) {
            aO.addi(cNew.mulRowVector(pO));
        }
        Transforms.sigmoid(aO, false);
        INDArray hNew = SquashOps.applyInPlace(actH, cNew.dup()).muli(aO);
        SquashOps.writeStep(cNew, cPrev, c, null, mask);
        SquashOps.writeStep(hNew, hPrev, h, y, mask);
    }

    /**
     * Backward step.
     *
     * @param acts gate activations of the step (forward's {@code a})
     * @param dh   dL/dh_t
     * @param dc   dL/dc_t
     * @param dA   out: dL/d(pre-activations), 0 where masked
     * @return dL/dc_{t-1} (dL/dc_t passed through where masked)
     */
    public INDArray backward(INDArray acts, INDArray cPrev, INDArray c, INDArray dh, INDArray dc, INDArray dA,
                      INDArray mask) {
        INDArray i = block(acts, gl.colI);
        INDArray f = block(acts, gl.colF);
        INDArray g = block(acts, gl.colG);
        INDArray o = block(acts, gl.colO);
        INDArray ah = SquashOps.applyInPlace(actH, c.dup());
        INDArray dAo = dh.mul(ah).muli(SquashOps.sigmoidDerivative(o));
        INDArray dcv = dh.mul(o).muli(SquashOps.derivativeFromOutput(actH, ah)).addi(dc);
        if (pO != null) {
            dcv.addi(dAo.mulRowVector(pO));
        }
        INDArray iAct = i != null ? i : f.rsub(1.0);
        INDArray dI = dcv.mul(g);
        INDArray dF = dcv.mul(cPrev);
        INDArray dcPrev = f != null ? dcv.mul(f) : dcv.dup();
        INDArray dAg = dcv.mul(iAct).muli(SquashOps.derivativeFromOutput(actG, g));
        INDArray dAi = null;
        if (i != null) {
            dAi = dI.muli(SquashOps.sigmoidDerivative(i));
        } else {
            dF.subi(dI);
        }
        INDArray dAf = null;
        if (f != null) {
            dAf = dF.muli(SquashOps.sigmoidDerivative(f));
        }
        if (dAi != null && pI != null) {
            dcPrev.addi(dAi.mulRowVector(pI));
        }
        if (dAf != null && pF != null) {
            dcPrev.addi(dAf.mulRowVector(pF));
        }
        put(dA, gl.colI, dAi, mask);
        put(dA, gl.colF, dAf, mask);
        put(dA, gl.colG, dAg, mask);
        put(dA, gl.colO, dAo, mask);
        if (mask != null) {
            dcPrev.subi(dc).muliColumnVector(mask).addi(dc);
        }
        return dcPrev;
    }

    private void put(INDArray dA, int col, INDArray v, INDArray mask) {
        if (col < 0) {
            return;
        }
        INDArray dst = block(dA, col);
        if (mask == null) {
            dst.assign(v);
        } else {
            dst.assign(v.muliColumnVector(mask));
        }
    }

    /**
     * Adds the peephole gradient of the rows of {@code dA} into {@code gP} (rank 1, like P): dL/dp_i = sum dA_i .
     * c_{t-1}, dL/dp_f = sum dA_f . c_{t-1}, dL/dp_o = sum dA_o . c_t, summed over the rows (one step or many
     * time-major steps at once).
     */
    public void addPeepholeGradient(INDArray dA, INDArray cPrev, INDArray c, INDArray gP) {
        if (gl.peepI >= 0) {
            gP.get(interval(gl.peepI, gl.peepI + nH)).addi(block(dA, gl.colI).mul(cPrev).sum(0));
        }
        if (gl.peepF >= 0) {
            gP.get(interval(gl.peepF, gl.peepF + nH)).addi(block(dA, gl.colF).mul(cPrev).sum(0));
        }
        gP.get(interval(gl.peepO, gl.peepO + nH)).addi(block(dA, gl.colO).mul(c).sum(0));
    }
}
