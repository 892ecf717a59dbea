package dev.carousel.spec.layout;

/**
 * The names of a recurrent layer's parameters in Carousel's interchange layout (equations.md section 1, PyTorch's):
 * every module's weight import and export, the test vectors and the ONNX and Keras converters use these keys.
 * <pre>
 *   w_ih [G·H, I]   w_hh [G·H, H]   b_ih [G·H]   b_hh [G·H]      rows i, f, g, o (LSTM) or r, z, n (GRU)
 *   p_i, p_f, p_o [H]                                           peephole LSTM
 * </pre>
 */
public final class InterchangeNames {
    public static final String W_IH = "w_ih";
    public static final String W_HH = "w_hh";
    public static final String B_IH = "b_ih";
    public static final String B_HH = "b_hh";
    public static final String P_I = "p_i";
    public static final String P_F = "p_f";
    public static final String P_O = "p_o";

    private InterchangeNames() {
    }
}
