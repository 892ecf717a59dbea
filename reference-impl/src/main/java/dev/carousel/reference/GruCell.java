package dev.carousel.reference;

import static dev.carousel.spec.Activation.sigmoid;

import dev.carousel.spec.GruSpec;

/**
 * One step of the GRU of equations.md section 2, in plain loops over doubles.
 *
 * <pre>
 *   r_t = sigma( W_r x_t + b_ir + U_r h_{t-1} + b_hr )
 *   z_t = sigma( W_z x_t + b_iz + U_z h_{t-1} + b_hz )
 *   reset-before:  n_t = tanh( W_n x_t + b_in + U_n (r_t . h_{t-1}) + b_hn )
 *   reset-after:   n_t = tanh( W_n x_t + b_in + r_t . (U_n h_{t-1} + b_hn) )
 *   h_t = z_t . h_{t-1} + (1 - z_t) . n_t
 * </pre>
 *
 * Parameters in the interchange layout (PyTorch's): {@code w_ih} [3H, I], {@code w_hh} [3H, H], {@code b_ih},
 * {@code b_hh} [3H], row blocks r, z, n.
 */
public final class GruCell implements RecurrentCell {
    private final GruSpec spec;
    private final int nIn;
    private final int nH;
    private final ParamSet params = new ParamSet();
    private final Param wIh;
    private final Param wHh;
    private final Param bIh;
    private final Param bHh;

    public GruCell(GruSpec spec) {
        this.spec = spec;
        this.nIn = spec.inputSize();
        this.nH = spec.hiddenSize();
        wIh = params.add(new Param("w_ih", 3 * nH, nIn));
        wHh = params.add(new Param("w_hh", 3 * nH, nH));
        bIh = params.add(new Param("b_ih", 3 * nH));
        bHh = params.add(new Param("b_hh", 3 * nH));
    }

    public GruSpec spec() {
        return spec;
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    @Override
    public int hiddenSize() {
        return nH;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    /** W_gate x + b_i,gate. */
    private double[] inputPart(int gate, double[] x) {
        double[] a = new double[nH];
        Linear.addMatVec(wIh.value, nIn, gate * nH, x, a);
        for (int k = 0; k < nH; k++) {
            a[k] += bIh.value[gate * nH + k];
        }
        return a;
    }

    /** U_gate v + b_h,gate. */
    private double[] hiddenPart(int gate, double[] v) {
        double[] a = new double[nH];
        Linear.addMatVec(wHh.value, nH, gate * nH, v, a);
        for (int k = 0; k < nH; k++) {
            a[k] += bHh.value[gate * nH + k];
        }
        return a;
    }

    @Override
    public Step forward(double[] x, double[][] state) {
        double[] hPrev = state[0];
        GruStep s = new GruStep(x, hPrev, nH);
        double[] aR = inputPart(GruSpec.R, x);
        double[] aZ = inputPart(GruSpec.Z, x);
        double[] hR = hiddenPart(GruSpec.R, hPrev);
        double[] hZ = hiddenPart(GruSpec.Z, hPrev);
        for (int k = 0; k < nH; k++) {
            s.r[k] = sigmoid(aR[k] + hR[k]);
            s.z[k] = sigmoid(aZ[k] + hZ[k]);
            s.rh[k] = s.r[k] * hPrev[k];
        }
        double[] aN = inputPart(GruSpec.N, x);
        // reset-after: hn = U_n h + b_hn, multiplied by r; reset-before: hn = U_n (r . h) + b_hn
        s.hn = hiddenPart(GruSpec.N, spec.resetAfter() ? hPrev : s.rh);
        for (int k = 0; k < nH; k++) {
            double a = aN[k] + (spec.resetAfter() ? s.r[k] * s.hn[k] : s.hn[k]);
            s.n[k] = Math.tanh(a);
            s.h[k] = s.z[k] * hPrev[k] + (1.0 - s.z[k]) * s.n[k];
        }
        return s;
    }

    @Override
    public double[][] backward(Step step, double[][] dState, double[] dx) {
        GruStep s = (GruStep) step;
        double[] dh = dState[0];
        double[] dhPrev = new double[nH];
        double[] dAR = new double[nH];
        double[] dAZ = new double[nH];
        double[] dAN = new double[nH];
        double[] dHn = new double[nH];          // gradient at U_n(.) + b_hn
        for (int k = 0; k < nH; k++) {
            // h = z h_prev + (1 - z) n
            double dZ = dh[k] * (s.hPrev[k] - s.n[k]);
            double dN = dh[k] * (1.0 - s.z[k]);
            dhPrev[k] = dh[k] * s.z[k];
            dAN[k] = dN * (1.0 - s.n[k] * s.n[k]);
            dAZ[k] = dZ * s.z[k] * (1.0 - s.z[k]);
            if (spec.resetAfter()) {
                dHn[k] = dAN[k] * s.r[k];
                double dR = dAN[k] * s.hn[k];
                dAR[k] = dR * s.r[k] * (1.0 - s.r[k]);
            } else {
                dHn[k] = dAN[k];
            }
        }
        // the n block of the hidden part
        double[] nInputOfU = spec.resetAfter() ? s.hPrev : s.rh;
        Linear.addOuter(wHh.grad, nH, GruSpec.N * nH, dHn, nInputOfU);
        Linear.addBias(bHh.grad, GruSpec.N * nH, dHn);
        double[] dU = new double[nH];
        Linear.addMatTVec(wHh.value, nH, GruSpec.N * nH, dHn, dU);
        if (spec.resetAfter()) {
            for (int k = 0; k < nH; k++) {
                dhPrev[k] += dU[k];
            }
        } else {
            for (int k = 0; k < nH; k++) {      // dU is d(r . h_prev)
                double dR = dU[k] * s.hPrev[k];
                dAR[k] = dR * s.r[k] * (1.0 - s.r[k]);
                dhPrev[k] += dU[k] * s.r[k];
            }
        }
        double[][] dA = {dAR, dAZ, dAN};
        for (int gate = 0; gate < 3; gate++) {
            Linear.addOuter(wIh.grad, nIn, gate * nH, dA[gate], s.x);
            Linear.addBias(bIh.grad, gate * nH, dA[gate]);
            Linear.addMatTVec(wIh.value, nIn, gate * nH, dA[gate], dx);
        }
        for (int gate = 0; gate < 2; gate++) {  // r and z: hidden part U h_prev + b_h
            Linear.addOuter(wHh.grad, nH, gate * nH, dA[gate], s.hPrev);
            Linear.addBias(bHh.grad, gate * nH, dA[gate]);
            Linear.addMatTVec(wHh.value, nH, gate * nH, dA[gate], dhPrev);
        }
        return new double[][] {dhPrev};
    }

    /** The cache of one GRU step. */
    static final class GruStep implements Step {
        final double[] x;
        final double[] hPrev;
        final double[] r;
        final double[] z;
        final double[] rh;
        double[] hn;
        final double[] n;
        final double[] h;

        GruStep(double[] x, double[] hPrev, int nH) {
            this.x = x;
            this.hPrev = hPrev;
            r = new double[nH];
            z = new double[nH];
            rh = new double[nH];
            n = new double[nH];
            h = new double[nH];
        }

        @Override
        public double[][] state() {
            return new double[][] {h};
        }
    }
}
