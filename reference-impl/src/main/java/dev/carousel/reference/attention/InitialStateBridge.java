package dev.carousel.reference.attention;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;

/**
 * The decoder's initial state from the encoder's final state (equations.md section 5, init mode FROM_ENCODER):
 *
 * <pre>
 *   h_0 = tanh( W_init e_last + b_init )        W_init [H_dec, E], b_init [H_dec]
 *   c_0 = 0                                     (LSTM decoders)
 * </pre>
 *
 * Parameters: {@code w_init} [H_dec, E], {@code b_init} [H_dec].
 */
public final class InitialStateBridge {
    private final int nE;
    private final int nH;
    private final ParamSet params = new ParamSet();
    private final Param wInit;
    private final Param bInit;

    public InitialStateBridge(int encoderOutputSize, int decoderHiddenSize) {
        this.nE = encoderOutputSize;
        this.nH = decoderHiddenSize;
        wInit = params.add(new Param("w_init", nH, nE));
        bInit = params.add(new Param("b_init", nH));
    }

    public ParamSet params() {
        return params;
    }

    /** h_0 = tanh(W_init e_last + b_init) [H_dec]. */
    public double[] forward(double[] eLast) {
        double[] h = bInit.value.clone();
        Linalg.addMatVec(wInit.value, nE, eLast, h);
        for (int k = 0; k < nH; k++) {
            h[k] = Math.tanh(h[k]);
        }
        return h;
    }

    /**
     * dpre = dh_0 (1 - h_0^2);  dW_init += dpre e_last^T;  db_init += dpre;  returns de_last = W_init^T dpre.
     */
    public double[] backward(double[] eLast, double[] h0, double[] dh0) {
        double[] dPre = new double[nH];
        for (int k = 0; k < nH; k++) {
            dPre[k] = dh0[k] * (1.0 - h0[k] * h0[k]);
        }
        Linalg.addOuter(wInit.grad, nE, dPre, eLast);
        Linalg.addInto(bInit.grad, dPre);
        double[] deLast = new double[nE];
        Linalg.addMatTVec(wInit.value, nE, dPre, deLast);
        return deLast;
    }
}
