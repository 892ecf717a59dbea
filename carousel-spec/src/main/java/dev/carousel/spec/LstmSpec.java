package dev.carousel.spec;

/**
 * What one LSTM layer computes (equations.md section 1), independent of any framework.
 *
 * <pre>
 *   i_t = sigma( W_i x_t + U_i h_{t-1} + p_i . c_{t-1} + b_i )
 *   f_t = sigma( W_f x_t + U_f h_{t-1} + p_f . c_{t-1} + b_f )
 *   g_t = act_g( W_g x_t + U_g h_{t-1} + b_g )
 *   c_t = f_t . c_{t-1} + i_t . g_t
 *   o_t = sigma( W_o x_t + U_o h_{t-1} + p_o . c_t + b_o )
 *   h_t = o_t . act_h( c_t )
 * </pre>
 *
 * Flags (Greff et al. 2017 names): {@code peepholes=false} is NP, {@code forgetGate=false} is NFG (the 1997
 * LSTM, f_t = 1), {@code coupledInputForget=true} is CIFG (i_t = 1 - f_t). Defaults are the Gers 2000 peephole
 * LSTM with tanh for act_g and act_h.
 *
 * @param inputSize          I
 * @param hiddenSize         H
 * @param peepholes          use p_i, p_f, p_o
 * @param forgetGate         use the forget gate (false: f_t = 1)
 * @param coupledInputForget i_t = 1 - f_t (needs the forget gate)
 * @param cellActivation     act_g
 * @param outputActivation   act_h
 */
public record LstmSpec(int inputSize, int hiddenSize, boolean peepholes, boolean forgetGate,
                       boolean coupledInputForget, Activation cellActivation, Activation outputActivation) {

    /** Rows per gate block in the interchange layout: i, f, g, o. */
    public static final int GATES = 4;
    public static final int I = 0;
    public static final int F = 1;
    public static final int G = 2;
    public static final int O = 3;

    public LstmSpec {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("LSTM sizes must be positive, got input=" + inputSize
                    + " hidden=" + hiddenSize);
        }
        if (coupledInputForget && !forgetGate) {
            throw new IllegalArgumentException(
                    "coupledInputForget (i = 1 - f) needs the forget gate; got forgetGate=false");
        }
        if (cellActivation == null || outputActivation == null) {
            throw new IllegalArgumentException("activations must not be null");
        }
    }

    /** The default peephole LSTM (Gers 2000): peepholes, forget gate, tanh/tanh. */
    public static LstmSpec peephole(int inputSize, int hiddenSize) {
        return new LstmSpec(inputSize, hiddenSize, true, true, false, Activation.TANH, Activation.TANH);
    }

    /** The LSTM of PyTorch, Keras, DL4J's LSTM and DJL's LSTM: no peepholes. */
    public static LstmSpec vanilla(int inputSize, int hiddenSize) {
        return new LstmSpec(inputSize, hiddenSize, false, true, false, Activation.TANH, Activation.TANH);
    }

    /** The 1997 LSTM: no forget gate, no peepholes, g in [-2, 2], h in [-1, 1]. */
    public static LstmSpec lstm1997(int inputSize, int hiddenSize) {
        return new LstmSpec(inputSize, hiddenSize, false, false, false,
                Activation.SQUASH_G1997, Activation.SQUASH_H1997);
    }

    public LstmSpec withPeepholes(boolean v) {
        return new LstmSpec(inputSize, hiddenSize, v, forgetGate, coupledInputForget, cellActivation, outputActivation);
    }

    public LstmSpec withForgetGate(boolean v) {
        return new LstmSpec(inputSize, hiddenSize, peepholes, v, coupledInputForget, cellActivation, outputActivation);
    }

    public LstmSpec withCoupledInputForget(boolean v) {
        return new LstmSpec(inputSize, hiddenSize, peepholes, forgetGate, v, cellActivation, outputActivation);
    }

    public LstmSpec withActivations(Activation g, Activation h) {
        return new LstmSpec(inputSize, hiddenSize, peepholes, forgetGate, coupledInputForget, g, h);
    }

    /** Whether the input-gate parameters are used (not under CIFG). */
    public boolean hasInputGate() {
        return !coupledInputForget;
    }
}
