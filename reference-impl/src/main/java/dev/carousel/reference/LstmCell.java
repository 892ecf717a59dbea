package dev.carousel.reference;

import static dev.carousel.spec.Activation.sigmoid;

import dev.carousel.spec.LstmSpec;

/**
 * One step of the LSTM of equations.md section 1, in plain loops over doubles.
 *
 * <pre>
 *   i_t = sigma( W_i x_t + U_i h_{t-1} + p_i . c_{t-1} + b_i )      (i_t = 1 - f_t under CIFG)
 *   f_t = sigma( W_f x_t + U_f h_{t-1} + p_f . c_{t-1} + b_f )      (f_t = 1 without a forget gate)
 *   g_t = act_g( W_g x_t + U_g h_{t-1} + b_g )
 *   c_t = f_t . c_{t-1} + i_t . g_t
 *   o_t = sigma( W_o x_t + U_o h_{t-1} + p_o . c_t + b_o )          (the output gate peeks at the new c_t)
 *   h_t = o_t . act_h( c_t )
 * </pre>
 *
 * Parameters in the interchange layout (PyTorch's): {@code w_ih} [4H, I], {@code w_hh} [4H, H], {@code b_ih},
 * {@code b_hh} [4H] with row blocks i, f, g, o, each bias b_* = b_ih + b_hh; {@code p_i}, {@code p_f}, {@code p_o}
 * [H] when peepholes are on. Rows of a gate a variant does not have (f under NFG, i under CIFG) stay in the
 * layout, unused, and their gradients stay zero.
 */
public final class LstmCell implements RecurrentCell {
    private final LstmSpec spec;
    private final int nIn;
    private final int nH;
    private final ParamSet params = new ParamSet();
    private final Param wIh;
    private final Param wHh;
    private final Param bIh;
    private final Param bHh;
    private final Param pI;
    private final Param pF;
    private final Param pO;

    public LstmCell(LstmSpec spec) {
        this.spec = spec;
        this.nIn = spec.inputSize();
        this.nH = spec.hiddenSize();
        wIh = params.add(new Param("w_ih", 4 * nH, nIn));
        wHh = params.add(new Param("w_hh", 4 * nH, nH));
        bIh = params.add(new Param("b_ih", 4 * nH));
        bHh = params.add(new Param("b_hh", 4 * nH));
        if (spec.peepholes()) {
            pI = params.add(new Param("p_i", nH));
            pF = params.add(new Param("p_f", nH));
            pO = params.add(new Param("p_o", nH));
        } else {
            pI = null;
            pF = null;
            pO = null;
        }
    }

    public LstmSpec spec() {
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
        return 2;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    /** Pre-activation of gate block {@code gate}: W x + U h + b_ih + b_hh (peepholes are added by the caller). */
    private double[] preActivation(int gate, double[] x, double[] hPrev) {
        double[] a = new double[nH];
        Linear.addMatVec(wIh.value, nIn, gate * nH, x, a);
        Linear.addMatVec(wHh.value, nH, gate * nH, hPrev, a);
        for (int k = 0; k < nH; k++) {
            a[k] += bIh.value[gate * nH + k] + bHh.value[gate * nH + k];
        }
        return a;
    }

    @Override
    public Step forward(double[] x, double[][] state) {
        double[] hPrev = state[0];
        double[] cPrev = state[1];
        LstmStep s = new LstmStep(x, hPrev, cPrev, nH);
        double[] aI = preActivation(LstmSpec.I, x, hPrev);
        double[] aF = preActivation(LstmSpec.F, x, hPrev);
        double[] aG = preActivation(LstmSpec.G, x, hPrev);
        double[] aO = preActivation(LstmSpec.O, x, hPrev);
        for (int k = 0; k < nH; k++) {
            if (spec.peepholes()) {
                aI[k] += pI.value[k] * cPrev[k];
                aF[k] += pF.value[k] * cPrev[k];
            }
            s.f[k] = spec.forgetGate() ? sigmoid(aF[k]) : 1.0;
            s.i[k] = spec.coupledInputForget() ? 1.0 - s.f[k] : sigmoid(aI[k]);
            s.aG[k] = aG[k];
            s.g[k] = spec.cellActivation().apply(aG[k]);
            s.c[k] = s.f[k] * cPrev[k] + s.i[k] * s.g[k];
            if (spec.peepholes()) {
                aO[k] += pO.value[k] * s.c[k];
            }
            s.o[k] = sigmoid(aO[k]);
            s.h[k] = s.o[k] * spec.outputActivation().apply(s.c[k]);
        }
        return s;
    }

    @Override
    public double[][] backward(Step step, double[][] dState, double[] dx) {
        LstmStep s = (LstmStep) step;
        double[] dh = dState[0];
        double[] dcNext = dState[1];
        double[] dAI = new double[nH];
        double[] dAF = new double[nH];
        double[] dAG = new double[nH];
        double[] dAO = new double[nH];
        double[] dcPrev = new double[nH];
        for (int k = 0; k < nH; k++) {
            double actC = spec.outputActivation().apply(s.c[k]);
            // h = o act_h(c)
            double dO = dh[k] * actC;
            dAO[k] = dO * s.o[k] * (1.0 - s.o[k]);
            double dc = dcNext[k] + dh[k] * s.o[k] * spec.outputActivation().derivative(s.c[k]);
            if (spec.peepholes()) {
                dc += dAO[k] * pO.value[k];                  // o peeks at c_t
            }
            // c = f c_prev + i g
            double dI = dc * s.g[k];
            double dG = dc * s.i[k];
            double dF = dc * s.cPrev[k];
            dcPrev[k] = dc * s.f[k];
            dAG[k] = dG * spec.cellActivation().derivative(s.aG[k]);
            if (spec.coupledInputForget()) {
                dF -= dI;                                   // i = 1 - f
            } else {
                dAI[k] = dI * s.i[k] * (1.0 - s.i[k]);
            }
            if (spec.forgetGate()) {
                dAF[k] = dF * s.f[k] * (1.0 - s.f[k]);
            }
            if (spec.peepholes()) {
                dcPrev[k] += dAI[k] * pI.value[k] + dAF[k] * pF.value[k];
                pI.grad[k] += dAI[k] * s.cPrev[k];
                pF.grad[k] += dAF[k] * s.cPrev[k];
                pO.grad[k] += dAO[k] * s.c[k];
            }
        }
        double[] dhPrev = new double[nH];
        double[][] dA = {dAI, dAF, dAG, dAO};
        for (int gate = 0; gate < 4; gate++) {
            Linear.addOuter(wIh.grad, nIn, gate * nH, dA[gate], s.x);
            Linear.addOuter(wHh.grad, nH, gate * nH, dA[gate], s.hPrev);
            Linear.addBias(bIh.grad, gate * nH, dA[gate]);
            Linear.addBias(bHh.grad, gate * nH, dA[gate]);
            Linear.addMatTVec(wIh.value, nIn, gate * nH, dA[gate], dx);
            Linear.addMatTVec(wHh.value, nH, gate * nH, dA[gate], dhPrev);
        }
        return new double[][] {dhPrev, dcPrev};
    }

    /** The cache of one LSTM step. */
    static final class LstmStep implements Step {
        final double[] x;
        final double[] hPrev;
        final double[] cPrev;
        final double[] i;
        final double[] f;
        final double[] aG;
        final double[] g;
        final double[] o;
        final double[] c;
        final double[] h;

        LstmStep(double[] x, double[] hPrev, double[] cPrev, int nH) {
            this.x = x;
            this.hPrev = hPrev;
            this.cPrev = cPrev;
            i = new double[nH];
            f = new double[nH];
            aG = new double[nH];
            g = new double[nH];
            o = new double[nH];
            c = new double[nH];
            h = new double[nH];
        }

        @Override
        public double[][] state() {
            return new double[][] {h, c};
        }
    }
}
