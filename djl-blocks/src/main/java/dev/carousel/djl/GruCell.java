package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;

/**
 * One step of the GRU of equations.md section 2 on NDArrays (the loop over time is {@link TimeLoop}).
 *
 * <pre>
 *   [r_t; z_t] = sigma( [W_rz x_t + b_i,rz] + U_rz h_{t-1} + b_h,rz )      (bracket precomputed for all steps)
 *   reset-before (Cho 2014):  n_t = tanh( [W_n x_t + b_in] + U_n (r_t . h_{t-1}) + b_hn )
 *   reset-after  (cuDNN):     n_t = tanh( [W_n x_t + b_in] + r_t . (U_n h_{t-1} + b_hn) )
 *   h_t = z_t . h_{t-1} + (1 - z_t) . n_t = n_t + z_t . (h_{t-1} - n_t)
 * </pre>
 *
 * Reset-after makes one [3H, H] product per step; reset-before one [2H, H] product for r, z and one [H, H] product
 * for n after the reset. The batch operand comes first in every operation.
 */
final class GruCell {
    private final boolean resetAfter;
    private final long hidden;
    private final NDArray wHh;
    private final NDArray bHh;
    private final NDArray wHhRz;
    private final NDArray bHhRz;
    private final NDArray wHhN;
    private final NDArray bHhN;

    /**
     * Reset-after cell.
     *
     * @param hidden H
     * @param wHh    [U_r; U_z; U_n], [3H, H]
     * @param bHh    b_hh, [3H]
     */
    static GruCell resetAfter(long hidden, NDArray wHh, NDArray bHh) {
        return new GruCell(true, hidden, wHh, bHh, null, null, null, null);
    }

    /**
     * Reset-before cell, with U and b_hh already split into the r, z rows and the n rows.
     */
    static GruCell resetBefore(long hidden, NDArray wHhRz, NDArray bHhRz, NDArray wHhN, NDArray bHhN) {
        return new GruCell(false, hidden, null, null, wHhRz, bHhRz, wHhN, bHhN);
    }

    private GruCell(boolean resetAfter, long hidden, NDArray wHh, NDArray bHh, NDArray wHhRz, NDArray bHhRz,
                    NDArray wHhN, NDArray bHhN) {
        this.resetAfter = resetAfter;
        this.hidden = hidden;
        this.wHh = wHh;
        this.bHh = bHh;
        this.wHhRz = wHhRz;
        this.bHhRz = bHhRz;
        this.wHhN = wHhN;
        this.bHhN = bHhN;
    }

    /**
     * One step.
     *
     * @param inputRz W_rz x_t + b_i,rz, [1, B, 2H]
     * @param inputN  W_n x_t + b_in, [1, B, H]
     * @param h       h_{t-1}, [1, B, H]
     * @return h_t
     */
    NDArray step(NDArray inputRz, NDArray inputN, NDArray h) {
        NDArray n;
        NDArray z;
        if (resetAfter) {
            NDList hh = Linear.linear(h, wHh, bHh).head().split(new long[] {2 * hidden}, 2);
            NDList rz = SquashingFunctions.sigmoid(inputRz.add(hh.get(0))).split(2, 2);
            z = rz.get(1);
            n = inputN.add(rz.get(0).mul(hh.get(1))).tanh();
        } else {
            NDArray hRz = Linear.linear(h, wHhRz, bHhRz).head();
            NDList rz = SquashingFunctions.sigmoid(inputRz.add(hRz)).split(2, 2);
            z = rz.get(1);
            n = inputN.add(Linear.linear(rz.get(0).mul(h), wHhN, bHhN).head()).tanh();
        }
        return n.add(z.mul(h.sub(n)));
    }
}
