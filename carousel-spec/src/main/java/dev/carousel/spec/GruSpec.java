package dev.carousel.spec;

/**
 * What one GRU layer computes (equations.md section 2).
 *
 * <pre>
 *   z_t = sigma( W_z x_t + b_iz + U_z h_{t-1} + b_hz )
 *   r_t = sigma( W_r x_t + b_ir + U_r h_{t-1} + b_hr )
 *   reset-before (Cho 2014):  n_t = tanh( W_n x_t + b_in + U_n (r_t . h_{t-1}) + b_hn )
 *   reset-after  (cuDNN):     n_t = tanh( W_n x_t + b_in + r_t . (U_n h_{t-1} + b_hn) )
 *   h_t = z_t . h_{t-1} + (1 - z_t) . n_t
 * </pre>
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param resetAfter true for the cuDNN/PyTorch/Keras-default form, false for Cho 2014
 */
public record GruSpec(int inputSize, int hiddenSize, boolean resetAfter) {

    /** Rows per gate block in the interchange layout: r, z, n. */
    public static final int GATES = 3;
    public static final int R = 0;
    public static final int Z = 1;
    public static final int N = 2;

    public GruSpec {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("GRU sizes must be positive, got input=" + inputSize
                    + " hidden=" + hiddenSize);
        }
    }
}
