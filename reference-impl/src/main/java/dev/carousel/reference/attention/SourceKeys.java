package dev.carousel.reference.attention;

/**
 * One source sequence prepared for attention: the encoder outputs e_1..e_S, the source mask, and the keys k_j
 * (for additive attention W_k e_j) computed ONCE by {@link Attention#precomputeKeys} and reused by every decoder
 * step. It also carries the gradient accumulators that {@link Attention#backward} fills at each decoder step and
 * {@link Attention#backwardKeys} turns into dLoss/de_j once (so dLoss/dW_k is accumulated once per sequence).
 */
public final class SourceKeys {
    final double[][] e;
    final double[] mask;
    final double[][] keys;
    /** dLoss/dk_j, summed over decoder steps [S][K]. */
    final double[][] dKeys;
    /** dLoss/de_j through the context vectors (alpha_j dcontext), summed over decoder steps [S][E]. */
    final double[][] dContextPath;

    SourceKeys(double[][] e, double[] mask, double[][] keys) {
        this.e = e;
        this.mask = mask;
        this.keys = keys;
        int keySize = keys.length == 0 ? 0 : keys[0].length;
        this.dKeys = new double[e.length][keySize];
        this.dContextPath = new double[e.length][e.length == 0 ? 0 : e[0].length];
    }

    /** S, the (padded) number of source positions. */
    public int length() {
        return e.length;
    }

    /** The encoder outputs e_j [S][E] (a copy). */
    public double[][] encoderOutputs() {
        double[][] out = new double[e.length][];
        for (int j = 0; j < e.length; j++) {
            out[j] = e[j].clone();
        }
        return out;
    }

    /** The source mask [S] (a copy). */
    public double[] mask() {
        return mask.clone();
    }

    /** The precomputed keys k_j [S][K] (a copy; zero at masked positions, which are never read). */
    public double[][] keys() {
        double[][] out = new double[keys.length][];
        for (int j = 0; j < keys.length; j++) {
            out[j] = keys[j].clone();
        }
        return out;
    }
}
