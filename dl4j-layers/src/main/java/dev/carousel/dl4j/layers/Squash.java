package dev.carousel.dl4j.layers;

import dev.carousel.spec.Activation;

/**
 * The squashing functions of equations.md section 1 for the CPU fast path, with derivatives written in terms of
 * the function's OUTPUT y = f(x), so backward needs only the cached activations:
 * <pre>
 *   sigmoid:       y = 1/(1+e^-x),     f' = y (1 - y)
 *   tanh:          y = 2 sigmoid(2x)-1, f' = 1 - y^2
 *   identity:      y = x,              f' = 1
 *   squash_g1997:  y = 4 sigmoid(x)-2, f' = 4 s (1 - s) with s = (y + 2)/4
 *   squash_h1997:  y = 2 sigmoid(x)-1, f' = 2 s (1 - s) with s = (y + 1)/2
 * </pre>
 * tanh is computed as 1 - 2/(e^{2x}+1) (Math.exp is a JIT intrinsic, Math.tanh is not).
 */
final class Squash {
    private Squash() {
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }

    static double apply(Activation a, double x) {
        switch (a) {
            case TANH: return tanh(x);
            case SIGMOID: return sigmoid(x);
            case IDENTITY: return x;
            case SQUASH_G1997: return 4.0 * sigmoid(x) - 2.0;
            case SQUASH_H1997: return 2.0 * sigmoid(x) - 1.0;
            default: throw new AssertionError(a);
        }
    }

    /** f'(x) from y = f(x). */
    static double derivativeFromOutput(Activation a, double y) {
        switch (a) {
            case TANH: return 1.0 - y * y;
            case SIGMOID: return y * (1.0 - y);
            case IDENTITY: return 1.0;
            case SQUASH_G1997: {
                double s = (y + 2.0) * 0.25;
                return 4.0 * s * (1.0 - s);
            }
            case SQUASH_H1997: {
                double s = (y + 1.0) * 0.5;
                return 2.0 * s * (1.0 - s);
            }
            default: throw new AssertionError(a);
        }
    }
}
