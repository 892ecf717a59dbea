package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;

/**
 * One step of the GRU of equations.md section 2 on NDArrays (the loop over time is {@link TimeLoop}).
 *
 * <pre>
 *   [r_t; z_t] = sigma( U_rz h_{t-1} + [W_rz x_t + b_i,rz + b_h,rz] )      (bracket precomputed for all steps)
 *   reset-before (Cho 2014):  n_t = tanh( U_n (r_t . h_{t-1}) + [W_n x_t + b_in + b_hn] )
 *   reset-after  (cuDNN):     n_t = tanh( [W_n x_t + b_in] + r_t . (U_n h_{t-1} + b_hn) )
 *   h_t = z_t . h_{t-1} + (1 - z_t) . n_t = n_t + z_t . (h_{t-1} - n_t)
 * </pre>
 *
 * Reset-after makes one [3H, H] product per step (b_hn stays inside the reset product); reset-before one [2H, H]
 * product for r, z and one [H, H] product for n after the reset, each taking the precomputed bracket as its bias
 * (one addmm). The batch operand comes first in every operation.
 */
final class GruCell {
    private final boolean resetAfter;
    private final long hidden;
    private final NDArray wHh;
    private final NDArray bHh;
    private final NDArray wHhRz;
    private final NDArray wHhN;

    /**
     * Reset-after cell.
     *
     * @param hidden H
     * @param wHh    [U_r; U_z; U_n], [3H, H]
     * @param bHh    b_hh, [3H]
     */
    static GruCell resetAfter(long hidden, NDArray wHh, NDArray bHh) {
        return new GruCell(true, hidden, wHh, bHh, null, null);
    }

    /**
     * Reset-before cell, with U split into the r, z rows and the n rows; b_hh is folded into the input part.
     */
    static GruCell resetBefore(long hidden, NDArray wHhRz, NDArray wHhN) {
        return new GruCell(false, hidden, null, null, wHhRz, wHhN);
    }

    private GruCell(boolean resetAfter, long hidden, NDArray wHh, NDArray bHh, NDArray wHhRz, NDArray wHhN) {
        this.resetAfter = resetAfter;
        this.hidden = hidden;
        this.wHh = wHh;
        this.bHh = bHh;
        this.wHhRz = wHhRz;
        this.wHhN = wHhN;
    }

    /**
     * One step.
     *
     * @param inputRz W_rz x_t + b_i,rz + b_h,rz, [B, 2H]
     * @param inputN  W_n x_t + b_in (+ b_hn for reset-before), [B, H]
     * @param h       h_{t-1}, [B, H]
     * @return h_t
     */
    NDArray step(NDArray inputRz, NDArray inputN, NDArray h) {
        NDArray n;
        NDArray z;
        if (resetAfter) {
            NDList hh = Linear.linear(h, wHh, bHh).head().split(new long[] {2 * hidden}, 1);
            NDList rz = SquashingFunctions.sigmoid(inputRz.add(hh.get(0))).split(2, 1);
            z = rz.get(1);
            n = inputN.add(rz.get(0).mul(hh.get(1))).tanh();
        } else {
            NDList rz = SquashingFunctions.sigmoid(Linear.linear(h, wHhRz, inputRz).head()).split(2, 1);
            z = rz.get(1);
            n = Linear.linear(rz.get(0).mul(h), wHhN, inputN).head().tanh();
        }
        return n.add(z.mul(h.sub(n)));
    }
}
