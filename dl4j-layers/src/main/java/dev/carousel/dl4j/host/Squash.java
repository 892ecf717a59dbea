package dev.carousel.dl4j.host;

import dev.carousel.spec.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The squashing functions of equations.md section 1 for the CPU fast path, applied to runs of a {@code double[]},
 * with derivatives written in terms of the function's OUTPUT y = f(x), so backward needs only cached activations:
 * <pre>
 *   sigmoid:       y = 1/(1+e^-x) = (1 + tanh(x/2))/2,  f' = y (1 - y)
 *   tanh:          y = tanh(x),                         f' = 1 - y^2
 *   identity:      y = x,                               f' = 1
 *   squash_g1997:  y = 4 sigmoid(x) - 2 = 2 tanh(x/2),  f' = 4 s (1 - s) with s = (y + 2)/4
 *   squash_h1997:  y = 2 sigmoid(x) - 1 = tanh(x/2),    f' = 2 s (1 - s) with s = (y + 1)/2
 * </pre>
 *
 * <p>Two accuracies. {@link #EXACT} (double layers) evaluates through {@code Math.exp}, to double rounding.
 * {@link #FLOAT32} (float layers, whose results are rounded to float anyway) evaluates tanh by the clamped
 * rational approximation that Eigen (and so TensorFlow) uses for float tanh, a polynomial of degree 13 over one of
 * degree 6, absolute error below 3e-7 (a few float ulps), and the others through the identities above. It is
 * plain multiply-add and divide over arrays, which the JIT compiles to SIMD code; {@code Math.exp} is a scalar
 * call, about five times slower per element, and was most of the layers' pointwise time.
 */
public enum Squash {
    EXACT {
        @Override
        public void tanh(double[] v, int off, int n, double scaleIn, double scaleOut) {
            for (int k = off; k < off + n; k++) {
                double x = 2.0 * scaleIn * v[k];
                v[k] = scaleOut * (1.0 - 2.0 / (Math.exp(x) + 1.0));
            }
        }

        @Override
        public void sigmoid(double[] v, int off, int n) {
            for (int k = off; k < off + n; k++) {
                v[k] = 1.0 / (1.0 + Math.exp(-v[k]));
            }
        }
    },
    FLOAT32 {
        @Override
        public void tanh(double[] v, int off, int n, double scaleIn, double scaleOut) {
            for (int k = off; k < off + n; k++) {
                v[k] = scaleOut * rationalTanh(scaleIn * v[k]);
            }
        }

        @Override
        public void sigmoid(double[] v, int off, int n) {
            for (int k = off; k < off + n; k++) {
                v[k] = 0.5 + 0.5 * rationalTanh(0.5 * v[k]);
            }
        }
    };

    // Eigen's generic_fast_tanh_float: tanh(x) ~ x P(x^2) / Q(x^2) on |x| <= 7.9053..., where it reaches +-1.
    private static final double CLAMP = 7.90531110763549805;
    private static final double A1 = 4.89352455891786e-03;
    private static final double A3 = 6.37261928875436e-04;
    private static final double A5 = 1.48572235717979e-05;
    private static final double A7 = 5.12229709037114e-08;
    private static final double A9 = -8.60467152213735e-11;
    private static final double A11 = 2.00018790482477e-13;
    private static final double A13 = -2.76076847742355e-16;
    private static final double B0 = 4.89352518554385e-03;
    private static final double B2 = 2.26843463243900e-03;
    private static final double B4 = 1.18534705686654e-04;
    private static final double B6 = 1.19825839466702e-06;

    private static double rationalTanh(double x) {
        double v = Math.max(-CLAMP, Math.min(CLAMP, x));   // NaN stays NaN
        double v2 = v * v;
        double p = v2 * A13 + A11;
        p = p * v2 + A9;
        p = p * v2 + A7;
        p = p * v2 + A5;
        p = p * v2 + A3;
        p = p * v2 + A1;
        p = p * v;
        double q = v2 * B6 + B4;
        q = q * v2 + B2;
        q = q * v2 + B0;
        return p / q;
    }

    /** The accuracy that suits a layer of this data type: EXACT for DOUBLE, FLOAT32 otherwise. */
    public static Squash forType(DataType t) {
        return t == DataType.DOUBLE ? EXACT : FLOAT32;
    }

    // The kernels work in place: a loop that loads and stores the same element, with no second array or offset
    // whose overlap the JIT would have to rule out, is one C2 compiles to SIMD code.

    /** v[k] = scaleOut * tanh(scaleIn * v[k]) for off &lt;= k &lt; off + n. */
    public abstract void tanh(double[] v, int off, int n, double scaleIn, double scaleOut);

    /** v[k] = sigmoid(v[k]) for off &lt;= k &lt; off + n. */
    public abstract void sigmoid(double[] v, int off, int n);

    /** v[k] = a(v[k]) for off &lt;= k &lt; off + n. */
    public final void apply(Activation a, double[] v, int off, int n) {
        switch (a) {
            case TANH:
                tanh(v, off, n, 1.0, 1.0);
                return;
            case SIGMOID:
                sigmoid(v, off, n);
                return;
            case IDENTITY:
                return;
            case SQUASH_G1997:
                tanh(v, off, n, 0.5, 2.0);
                return;
            case SQUASH_H1997:
                tanh(v, off, n, 0.5, 1.0);
                return;
            default:
                throw new AssertionError(a);
        }
    }

    /** dst[dstOff+k] = a'(x) for k &lt; n, from the outputs y = a(x) in src. */
    public static void derivativeFromOutput(Activation a, double[] y, int yOff, double[] dst, int dstOff, int n) {
        switch (a) {
            case TANH:
                for (int k = 0; k < n; k++) {
                    double v = y[yOff + k];
                    dst[dstOff + k] = 1.0 - v * v;
                }
                return;
            case SIGMOID:
                for (int k = 0; k < n; k++) {
                    double v = y[yOff + k];
                    dst[dstOff + k] = v * (1.0 - v);
                }
                return;
            case IDENTITY:
                java.util.Arrays.fill(dst, dstOff, dstOff + n, 1.0);
                return;
            case SQUASH_G1997:
                for (int k = 0; k < n; k++) {
                    double s = (y[yOff + k] + 2.0) * 0.25;
                    dst[dstOff + k] = 4.0 * s * (1.0 - s);
                }
                return;
            case SQUASH_H1997:
                for (int k = 0; k < n; k++) {
                    double s = (y[yOff + k] + 1.0) * 0.5;
                    dst[dstOff + k] = 2.0 * s * (1.0 - s);
                }
                return;
            default:
                throw new AssertionError(a);
        }
    }
}
