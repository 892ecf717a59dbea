package dev.carousel.spec;

import java.util.Arrays;
import java.util.Locale;

/**
 * The cell-input (act_g) and cell-output (act_h) squashing functions of equations.md section 1.
 *
 * <pre>
 *   tanh(x)
 *   sigmoid(x)     = 1 / (1 + e^-x)
 *   identity(x)    = x
 *   squash_g1997(x) = 4 sigmoid(x) - 2   in [-2, 2]   (Hochreiter &amp; Schmidhuber 1997, g)
 *   squash_h1997(x) = 2 sigmoid(x) - 1   in [-1, 1]   (Hochreiter &amp; Schmidhuber 1997, h)
 * </pre>
 *
 * The key is the name used in configuration files and test vectors ({@code case.json}).
 */
public enum Activation {
    TANH("tanh"),
    SIGMOID("sigmoid"),
    IDENTITY("identity"),
    SQUASH_G1997("squash_g1997"),
    SQUASH_H1997("squash_h1997");

    private final String key;

    Activation(String key) {
        this.key = key;
    }

    /** The name used in JSON configurations and test vectors. */
    public String key() {
        return key;
    }

    /** f(x). */
    public double apply(double x) {
        switch (this) {
            case TANH: return Math.tanh(x);
            case SIGMOID: return sigmoid(x);
            case IDENTITY: return x;
            case SQUASH_G1997: return 4.0 * sigmoid(x) - 2.0;
            case SQUASH_H1997: return 2.0 * sigmoid(x) - 1.0;
            default: throw new AssertionError(this);
        }
    }

    /** f'(x), the derivative at the pre-activation x. */
    public double derivative(double x) {
        switch (this) {
            case TANH: {
                double t = Math.tanh(x);
                return 1.0 - t * t;
            }
            case SIGMOID: {
                double s = sigmoid(x);
                return s * (1.0 - s);
            }
            case IDENTITY: return 1.0;
            case SQUASH_G1997: {
                double s = sigmoid(x);
                return 4.0 * s * (1.0 - s);
            }
            case SQUASH_H1997: {
                double s = sigmoid(x);
                return 2.0 * s * (1.0 - s);
            }
            default: throw new AssertionError(this);
        }
    }

    /** The logistic sigmoid, the gate activation everywhere in Carousel. */
    public static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    /** Looks up an activation by its key, case-insensitively; names the known keys when it fails. */
    public static Activation fromKey(String key) {
        for (Activation a : values()) {
            if (a.key.equals(key.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + key + "'; expected one of "
                + Arrays.toString(Arrays.stream(values()).map(Activation::key).toArray()));
    }
}
