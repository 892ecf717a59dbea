package dev.carousel.reference.attention;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import dev.carousel.reference.RecurrentCell;

/**
 * The Luong decoder step with input feeding (equations.md section 5): attention reads with the NEW state,
 *
 * <pre>
 *   s_t   = cell( [ y_{t-1} ; h~_{t-1} ], s_{t-1} )     (cell input size M + H_dec; h~_0 = 0)
 *   a_t   = attend( h(s_t), e )
 *   h~_t  = tanh( W_c [ a_t ; h(s_t) ] )                (W_c [H_dec, E + H_dec], no bias)
 *   out_t = h~_t
 * </pre>
 *
 * Parameters: the cell's (w_ih [gates*H_dec, M+H_dec], w_hh, b_ih, b_hh, ...) and {@code w_c} [H_dec, E + H_dec].
 */
public final class LuongDecoder extends AttentionDecoder {
    private final int nH;
    private final int nE;
    private final ParamSet params = new ParamSet();
    private final Param wC;

    public LuongDecoder(RecurrentCell cell, Attention attention, int embeddingSize) {
        super(cell, attention, embeddingSize);
        this.nH = cell.hiddenSize();
        this.nE = attention.score().encoderSize();
        if (cell.inputSize() != embeddingSize + nH) {
            throw new IllegalArgumentException("Luong decoder: the cell input must be M + H_dec = " + embeddingSize
                    + " + " + nH + ", got " + cell.inputSize());
        }
        params.addAll("", cell.params());
        wC = params.add(new Param("w_c", nH, nE + nH));
    }

    @Override
    public ParamSet params() {
        return params;
    }

    @Override
    public int outputSize() {
        return nH;
    }

    @Override
    public int feedSize() {
        return nH;
    }

    @Override
    public Step forward(SourceKeys keys, double[] y, double[][] sPrev, double[] feedPrev) {
        double[] x = Linalg.concat(y, feedPrev);
        RecurrentCell.Step cellStep = cell.forward(x, sPrev);
        Attention.Step att = attention.attend(keys, cellStep.h());
        double[] as = Linalg.concat(att.context, cellStep.h());
        double[] hTilde = new double[nH];
        Linalg.addMatVec(wC.value, nE + nH, as, hTilde);
        for (int k = 0; k < nH; k++) {
            hTilde[k] = Math.tanh(hTilde[k]);
        }
        return new LuongStep(cellStep, att, as, hTilde);
    }

    /**
     * dh~_t = dout + dfeed;  dz = dh~_t (1 - h~_t^2);  dW_c += dz [a;s]^T;  (da, ds_h) = W_c^T dz;
     * dq = attention backward(da);  dh_t = dS_h + ds_h + dq;  (dy, dh~_{t-1}) and ds_{t-1} = cell backward.
     */
    @Override
    public StepGradients backward(Step step, SourceKeys keys, double[] dOut, double[][] dS, double[] dFeed) {
        LuongStep st = (LuongStep) step;
        double[] dz = new double[nH];
        for (int k = 0; k < nH; k++) {
            double dHt = dOut[k] + (dFeed == null ? 0.0 : dFeed[k]);
            dz[k] = dHt * (1.0 - st.hTilde[k] * st.hTilde[k]);
        }
        Linalg.addOuter(wC.grad, nE + nH, dz, st.as);
        double[] dAs = new double[nE + nH];
        Linalg.addMatTVec(wC.value, nE + nH, dz, dAs);
        double[] dContext = Linalg.slice(dAs, 0, nE);
        double[][] dState = new double[dS.length][];
        for (int k = 0; k < dS.length; k++) {
            dState[k] = dS[k].clone();
        }
        Linalg.addInto(dState[0], Linalg.slice(dAs, nE, nH));
        double[] dq = new double[nH];
        attention.backward(st.att, keys, dContext, null, dq);
        Linalg.addInto(dState[0], dq);
        double[] dx = new double[embeddingSize + nH];
        double[][] dPrev = cell.backward(st.cellStep, dState, dx);
        return new StepGradients(Linalg.slice(dx, 0, embeddingSize), dPrev, Linalg.slice(dx, embeddingSize, nH));
    }

    private record LuongStep(RecurrentCell.Step cellStep, Attention.Step att, double[] as, double[] hTilde)
            implements Step {
        @Override
        public double[] out() {
            return hTilde;
        }

        @Override
        public double[][] state() {
            return cellStep.state();
        }

        @Override
        public double[] feed() {
            return hTilde;
        }

        @Override
        public Attention.Step attention() {
            return att;
        }
    }
}
