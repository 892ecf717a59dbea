package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import dev.carousel.spec.LstmSpec;

/**
 * One step of the LSTM of equations.md section 1 on NDArrays (the loop over time is {@link TimeLoop}).
 *
 * <pre>
 *   a_t = U h_{t-1} + [W x_t + b_ih + b_hh]                    (the bracket is precomputed for all steps and
 *                                                              enters the product as its bias: one addmm)
 *   i_t = sigma( a_i + p_i . c_{t-1} )                         (i_t = 1 - f_t under CIFG)
 *   f_t = sigma( a_f + p_f . c_{t-1} )                         (f_t = 1 without a forget gate)
 *   g_t = act_g( a_g )
 *   c_t = f_t . c_{t-1} + i_t . g_t
 *   o_t = sigma( a_o + p_o . c_t )                             (the output gate peeks at the new c_t)
 *   h_t = o_t . act_h( c_t )
 * </pre>
 *
 * The gates are fused: one [G·H, H] recurrent matrix, one split into the G present gate blocks (in the order
 * i, f, g, o, leaving out f without a forget gate and i under CIFG). With both i and f peepholes the two gates are
 * squashed together: sigma([a_i, a_f] + [c, c] . [p_i, p_f]). The batch operand comes first in every operation,
 * so no result lands in the parameters' manager.
 */
final class PeepholeLstmCell {
    private final LstmSpec spec;
    private final int gates;
    private final long hidden;
    private final NDArray wHh;
    private final NDArray pIf;
    private final NDArray pI;
    private final NDArray pF;
    private final NDArray pO;

    /**
     * @param spec the flags and activations
     * @param wHh  U, [G·H, H]
     * @param pIf [p_i, p_f] [2H] when both exist, else null
     * @param pI   p_i [H], or null (no peepholes, or CIFG)
     * @param pF   p_f [H], or null (no peepholes, or no forget gate)
     * @param pO   p_o [H], or null (no peepholes)
     */
    PeepholeLstmCell(LstmSpec spec, NDArray wHh, NDArray pIf, NDArray pI, NDArray pF, NDArray pO) {
        this.spec = spec;
        this.gates = gateCount(spec);
        this.hidden = spec.hiddenSize();
        this.wHh = wHh;
        this.pIf = pIf;
        this.pI = pI;
        this.pF = pF;
        this.pO = pO;
    }

    /** G, the number of gate blocks with parameters: 4, or 3 without a forget gate or under CIFG. */
    static int gateCount(LstmSpec spec) {
        return 4 - (spec.forgetGate() ? 0 : 1) - (spec.coupledInputForget() ? 1 : 0);
    }

    /**
     * One step.
     *
     * @param inputPart W x_t + b_ih + b_hh, [B, G·H]
     * @param h         h_{t-1}, [B, H]
     * @param c         c_{t-1}, [B, H]
     * @return {h_t, c_t}
     */
    NDArray[] step(NDArray inputPart, NDArray h, NDArray c) {
        NDArray a = Linear.linear(h, wHh, inputPart).head();
        NDArray aI;
        NDArray aF;
        NDArray aG;
        NDArray aO;
        NDArray i = null;
        NDArray f = null;
        if (pIf != null) {
            NDList blocks = a.split(new long[] {2 * hidden, 3 * hidden}, 1);
            NDList ifGates = SquashingFunctions.sigmoid(blocks.get(0).add(NDArrays.concat(new NDList(c, c), 1)
                    .mul(pIf))).split(2, 1);
            i = ifGates.get(0);
            f = ifGates.get(1);
            aG = blocks.get(1);
            aO = blocks.get(2);
        } else {
            NDList blocks = a.split(gates, 1);
            int k = 0;
            aI = spec.coupledInputForget() ? null : blocks.get(k++);
            aF = spec.forgetGate() ? blocks.get(k++) : null;
            aG = blocks.get(k++);
            aO = blocks.get(k);
            if (aI != null) {
                i = SquashingFunctions.sigmoid(pI == null ? aI : aI.add(c.mul(pI)));
            }
            if (aF != null) {
                f = SquashingFunctions.sigmoid(pF == null ? aF : aF.add(c.mul(pF)));
            }
        }
        NDArray g = SquashingFunctions.apply(spec.cellActivation(), aG);
        NDArray cNew;
        if (f == null) {
            cNew = c.add(i.mul(g));                                   // f = 1
        } else if (i == null) {
            cNew = g.add(f.mul(c.sub(g)));                            // CIFG: f c + (1 - f) g
        } else {
            cNew = f.mul(c).add(i.mul(g));
        }
        NDArray o = SquashingFunctions.sigmoid(pO == null ? aO : aO.add(cNew.mul(pO)));
        NDArray hNew = o.mul(SquashingFunctions.apply(spec.outputActivation(), cNew));
        return new NDArray[] {hNew, cNew};
    }
}
