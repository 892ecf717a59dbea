package dev.carousel.dl4j.host;

import java.util.Arrays;

/**
 * One time step of the GRU of equations.md section 2 for a minibatch, in Java loops over doubles (the CPU fast
 * path). The layer does the matrix products; the step is split where reset-before needs one in the middle:
 *
 * <pre>
 *   gates:      r_t = sigma( ax_r + ah_r ),  z_t = sigma( ax_z + ah_z )          ax = W x + b_ih, ah = U h + b_hh
 *               (reset-before: rh = r_t . h_{t-1}, then the layer computes hn = U_n rh + b_hn)
 *               (reset-after:  hn = U_n h_{t-1} + b_hn, already in ah_n)
 *   candidate:  n_t = tanh( ax_n + r_t . hn )   (reset-after)   or   tanh( ax_n + hn )   (reset-before)
 *               h_t = z_t . h_{t-1} + (1 - z_t) . n_t
 * </pre>
 *
 * Backwards the same split: {@link #backwardCandidate} gives the pre-activation gradients of z and n (and of r
 * for reset-after) and dL/dhn; for reset-before the layer computes dL/d(rh) = dL/dhn U_n^T and
 * {@link #backwardReset} finishes r. Rows of [B, 3H] blocks are r | z | n. Masked examples keep h and pass the
 * gradient through; their pre-activation gradients are 0.
 */
public final class GruCell {
    private final int nH;
    private final boolean resetAfter;
    private final Squash squash;

    /** @param squash the accuracy of the squashing functions ({@link Squash#forType} of the layer's data type) */
    public GruCell(int nH, boolean resetAfter, Squash squash) {
        this.nH = nH;
        this.resetAfter = resetAfter;
        this.squash = squash;
    }

    private static boolean masked(double[] mask, int off, int b) {
        return mask != null && mask[off + b] == 0.0;
    }

    /** r, z into the r and z blocks of {@code ax}; for reset-before also rh = r . h_{t-1}. */
    public void gates(double[] ax, double[] ah, double[] hPrev, double[] rh, int batch, double[] mask, int maskOff) {
        int w = 3 * nH;
        for (int b = 0; b < batch; b++) {
            int row = b * w;
            int hb = b * nH;
            if (masked(mask, maskOff, b)) {
                if (rh != null) {
                    Arrays.fill(rh, hb, hb + nH, 0.0);
                }
                continue;
            }
            for (int k = 0; k < 2 * nH; k++) {
                ax[row + k] += ah[row + k];
            }
            squash.sigmoid(ax, row, 2 * nH);
            if (rh != null) {
                for (int k = 0; k < nH; k++) {
                    rh[hb + k] = ax[row + k] * hPrev[hb + k];
                }
            }
        }
    }

    /** n into the n block of {@code ax}, and h_t (h_{t-1} where masked). hn is [B, H]. */
    public void candidate(double[] ax, double[] hn, double[] hPrev, double[] h, int batch, double[] mask, int maskOff) {
        int w = 3 * nH;
        for (int b = 0; b < batch; b++) {
            int row = b * w;
            int hb = b * nH;
            if (masked(mask, maskOff, b)) {
                System.arraycopy(hPrev, hb, h, hb, nH);
                continue;
            }
            int rn = row + 2 * nH;
            if (resetAfter) {
                for (int k = 0; k < nH; k++) {
                    ax[rn + k] += ax[row + k] * hn[hb + k];
                }
            } else {
                for (int k = 0; k < nH; k++) {
                    ax[rn + k] += hn[hb + k];
                }
            }
            squash.tanh(ax, rn, nH, 1.0, 1.0);
            for (int k = 0; k < nH; k++) {
                double z = ax[row + nH + k];
                h[hb + k] = z * hPrev[hb + k] + (1.0 - z) * ax[rn + k];
            }
        }
    }

    /**
     * Backward through the candidate and h: fills dIn (dA_r for reset-after, dA_z, dA_n), dRec (dA_r for
     * reset-after, dA_z, dL/dhn) and dhPrev = dh . z (dh where masked).
     *
     * @param hn for reset-after U_n h_{t-1} + b_hn of the step (unused for reset-before)
     */
    public void backwardCandidate(double[] acts, double[] hPrev, double[] hn, double[] dh, double[] dIn, double[] dRec,
                           double[] dhPrev, int batch, double[] mask, int maskOff) {
        int w = 3 * nH;
        for (int b = 0; b < batch; b++) {
            int row = b * w;
            int hb = b * nH;
            if (masked(mask, maskOff, b)) {
                Arrays.fill(dIn, row, row + w, 0.0);
                Arrays.fill(dRec, row, row + w, 0.0);
                System.arraycopy(dh, hb, dhPrev, hb, nH);
                continue;
            }
            for (int k = 0; k < nH; k++) {
                double r = acts[row + k];
                double z = acts[row + nH + k];
                double n = acts[row + 2 * nH + k];
                double d = dh[hb + k];
                double dAn = d * (1.0 - z) * (1.0 - n * n);
                double dAz = d * (hPrev[hb + k] - n) * z * (1.0 - z);
                dIn[row + nH + k] = dAz;
                dRec[row + nH + k] = dAz;
                dIn[row + 2 * nH + k] = dAn;
                if (resetAfter) {
                    double dAr = dAn * hn[hb + k] * r * (1.0 - r);
                    dIn[row + k] = dAr;
                    dRec[row + k] = dAr;
                    dRec[row + 2 * nH + k] = dAn * r;
                } else {
                    dRec[row + 2 * nH + k] = dAn;
                }
                dhPrev[hb + k] = d * z;
            }
        }
    }

    /** Reset-before: from dL/d(r . h_{t-1}) = dRH, dA_r into dIn and dRec, and dhPrev += dRH . r. */
    public void backwardReset(double[] acts, double[] hPrev, double[] dRH, double[] dIn, double[] dRec, double[] dhPrev,
                       int batch, double[] mask, int maskOff) {
        int w = 3 * nH;
        for (int b = 0; b < batch; b++) {
            if (masked(mask, maskOff, b)) {
                continue;
            }
            int row = b * w;
            int hb = b * nH;
            for (int k = 0; k < nH; k++) {
                double r = acts[row + k];
                double dAr = dRH[hb + k] * hPrev[hb + k] * r * (1.0 - r);
                dIn[row + k] = dAr;
                dRec[row + k] = dAr;
                dhPrev[hb + k] += dRH[hb + k] * r;
            }
        }
    }
}
