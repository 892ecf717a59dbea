package dev.carousel.dl4j.host;

import dev.carousel.spec.layout.LstmGateLayout;
import dev.carousel.spec.Activation;

/**
 * One time step of the LSTM of equations.md section 1 for a whole minibatch, in Java loops over doubles (the CPU
 * fast path). The matrix products W x_t + U h_{t-1} + b are done by the layer; this class does everything
 * element-wise around them:
 *
 * <pre>
 *   i_t = sigma( a_i + p_i . c_{t-1} )       (i_t = 1 - f_t under CIFG)
 *   f_t = sigma( a_f + p_f . c_{t-1} )       (f_t = 1 without forget gate)
 *   g_t = act_g( a_g )
 *   c_t = f_t . c_{t-1} + i_t . g_t
 *   o_t = sigma( a_o + p_o . c_t )
 *   h_t = o_t . act_h( c_t )
 * </pre>
 *
 * and backwards, given dL/dh_t and dL/dc_t, the gradients at the pre-activations a (which the layer turns into
 * weight gradients and dL/dh_{t-1} by matrix products), dL/dc_{t-1} and the peephole gradients.
 *
 * <p>Layouts: a row per example; the gate block row has G*H entries in the column layout of {@link LstmGateLayout};
 * h and c rows have H entries. Masked examples (mask 0) keep their state, and pass dL/dc_t through unchanged.
 */
public final class PeepholeLstmCell {
    private final LstmGateLayout gl;
    private final int nH;
    private final int width;
    private final Activation actG;
    private final Activation actH;
    private final double[] pI;
    private final double[] pF;
    private final double[] pO;

    private final Squash squash;
    /** Row scratch [H]: act_h(c_t), then its derivative. */
    private final double[] actC;
    private final double[] dActC;
    /** Row scratch [H]: act_g'(a_g). */
    private final double[] dActG;

    /**
     * @param peep   the peephole vector P of the layer (p_i, p_f, p_o blocks), or null without peepholes
     * @param squash the accuracy of the squashing functions ({@link Squash#forType} of the layer's data type)
     */
    public PeepholeLstmCell(LstmGateLayout gl, Activation actG, Activation actH, double[] peep, Squash squash) {
        this.gl = gl;
        this.nH = gl.hidden;
        this.width = gl.width();
        this.actG = actG;
        this.actH = actH;
        this.squash = squash;
        if (gl.peepholes) {
            pI = gl.peepI >= 0 ? slice(peep, gl.peepI) : null;
            pF = gl.peepF >= 0 ? slice(peep, gl.peepF) : null;
            pO = slice(peep, gl.peepO);
        } else {
            pI = null;
            pF = null;
            pO = null;
        }
        actC = new double[nH];
        dActC = new double[nH];
        dActG = new double[nH];
    }

    private double[] slice(double[] p, int off) {
        double[] v = new double[nH];
        System.arraycopy(p, off, v, 0, nH);
        return v;
    }

    /** a[off+k] += p[k] * c[cOff+k] for k &lt; H (a peephole's contribution to a gate's pre-activation). */
    private void addPeephole(double[] a, int off, double[] p, double[] c, int cOff) {
        for (int k = 0; k < nH; k++) {
            a[off + k] += p[k] * c[cOff + k];
        }
    }

    /**
     * Forward step. {@code a} holds the pre-activations [B, G*H] and is overwritten with the gate activations
     * (i, f, g, o in their blocks) that {@link #backward} reads. Each gate is squashed as one run of H values
     * (see {@link Squash}); the state update around it is plain arithmetic.
     *
     * @param mask the whole mask [T*B] in time-major order or null; {@code maskOff} = t*B
     */
    public void forward(double[] a, int batch, double[] cPrev, double[] hPrev, double[] c, double[] h,
                 double[] mask, int maskOff) {
        final int colI = gl.colI;
        final int colF = gl.colF;
        final int colG = gl.colG;
        final int colO = gl.colO;
        for (int b = 0; b < batch; b++) {
            int hb = b * nH;
            if (mask != null && mask[maskOff + b] == 0.0) {
                System.arraycopy(cPrev, hb, c, hb, nH);
                System.arraycopy(hPrev, hb, h, hb, nH);
                continue;
            }
            int ab = b * width;
            if (pF != null) {
                addPeephole(a, ab + colF, pF, cPrev, hb);
            }
            if (pI != null) {
                addPeephole(a, ab + colI, pI, cPrev, hb);
            }
            if (colI >= 0 && colF == colI + nH) {               // i and f side by side: one run of 2H
                squash.sigmoid(a, ab + colI, 2 * nH);
            } else {
                if (colF >= 0) {
                    squash.sigmoid(a, ab + colF, nH);
                }
                if (colI >= 0) {
                    squash.sigmoid(a, ab + colI, nH);
                }
            }
            squash.apply(actG, a, ab + colG, nH);
            if (colI >= 0 && colF >= 0) {                     // c_t = f . c_{t-1} + i . g
                for (int k = 0; k < nH; k++) {
                    c[hb + k] = a[ab + colF + k] * cPrev[hb + k] + a[ab + colI + k] * a[ab + colG + k];
                }
            } else if (colF >= 0) {                           // CIFG: i = 1 - f
                for (int k = 0; k < nH; k++) {
                    double f = a[ab + colF + k];
                    c[hb + k] = f * cPrev[hb + k] + (1.0 - f) * a[ab + colG + k];
                }
            } else {                                          // NFG: f = 1
                for (int k = 0; k < nH; k++) {
                    c[hb + k] = cPrev[hb + k] + a[ab + colI + k] * a[ab + colG + k];
                }
            }
            if (pO != null) {
                addPeephole(a, ab + colO, pO, c, hb);
            }
            squash.sigmoid(a, ab + colO, nH);
            System.arraycopy(c, hb, actC, 0, nH);
            squash.apply(actH, actC, 0, nH);
            for (int k = 0; k < nH; k++) {
                h[hb + k] = a[ab + colO + k] * actC[k];
            }
        }
    }

    /**
     * Backward step.
     *
     * @param acts   gate activations of this step [B, G*H] (what forward left in {@code a})
     * @param dh     dL/dh_t [B, H] (output gradient plus the recurrent gradient)
     * @param dc     in: dL/dc_t [B, H]; out: dL/dc_{t-1}
     * @param dA     out: dL/da [B, G*H] (zero rows for masked examples)
     * @param dP     peephole gradient accumulator (layout of P) or null
     */
    public void backward(double[] acts, int batch, double[] cPrev, double[] c, double[] dh, double[] dc, double[] dA,
                  double[] mask, int maskOff, double[] dP) {
        final int colI = gl.colI;
        final int colF = gl.colF;
        final int colG = gl.colG;
        final int colO = gl.colO;
        for (int b = 0; b < batch; b++) {
            int hb = b * nH;
            int ab = b * width;
            if (mask != null && mask[maskOff + b] == 0.0) {
                java.util.Arrays.fill(dA, ab, ab + width, 0.0);
                continue;                                   // dc passes through unchanged
            }
            System.arraycopy(c, hb, actC, 0, nH);
            squash.apply(actH, actC, 0, nH);
            Squash.derivativeFromOutput(actH, actC, 0, dActC, 0, nH);
            Squash.derivativeFromOutput(actG, acts, ab + colG, dActG, 0, nH);
            for (int k = 0; k < nH; k++) {
                double cp = cPrev[hb + k];
                double cn = c[hb + k];
                double f = colF >= 0 ? acts[ab + colF + k] : 1.0;
                double i = colI >= 0 ? acts[ab + colI + k] : 1.0 - f;
                double g = acts[ab + colG + k];
                double o = acts[ab + colO + k];
                double dhk = dh[hb + k];
                double dAo = dhk * actC[k] * o * (1.0 - o);
                double dcv = dc[hb + k] + dhk * o * dActC[k];
                if (pO != null) {
                    dcv += dAo * pO[k];
                }
                double dI = dcv * g;
                double dF = dcv * cp;
                double dcp = dcv * f;
                double dAg = dcv * i * dActG[k];
                double dAi = 0.0;
                if (colI >= 0) {
                    dAi = dI * i * (1.0 - i);
                    dA[ab + colI + k] = dAi;
                } else {
                    dF -= dI;                               // i = 1 - f
                }
                double dAf = 0.0;
                if (colF >= 0) {
                    dAf = dF * f * (1.0 - f);
                    dA[ab + colF + k] = dAf;
                }
                dA[ab + colG + k] = dAg;
                dA[ab + colO + k] = dAo;
                if (pO != null) {
                    if (pI != null) {
                        dcp += dAi * pI[k];
                        dP[gl.peepI + k] += dAi * cp;
                    }
                    if (pF != null) {
                        dcp += dAf * pF[k];
                        dP[gl.peepF + k] += dAf * cp;
                    }
                    dP[gl.peepO + k] += dAo * cn;
                }
                dc[hb + k] = dcp;
            }
        }
    }
}
