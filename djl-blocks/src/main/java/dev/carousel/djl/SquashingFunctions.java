package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import dev.carousel.spec.Activation;

/**
 * The squashing functions of equations.md section 1 as NDArray operations (act_g, act_h and the gate sigmoid).
 *
 * <pre>
 *   tanh(x)
 *   sigmoid(x)       = 1 / (1 + e^-x)
 *   identity(x)      = x
 *   squash_g1997(x)  = 4 sigmoid(x) - 2   in [-2, 2]
 *   squash_h1997(x)  = 2 sigmoid(x) - 1   in [-1, 1]
 * </pre>
 *
 * Only element-wise operations the PyTorch engine implements; the argument is always the first operand, so
 * results live in the argument's manager. No {@code mul(Number)}/{@code div(Number)}: on PyTorch (DJL 0.35.1) those
 * wrap the scalar in a Java buffer and close it right after the op, but autograd keeps the scalar for the backward
 * pass, which then reads freed memory once the garbage collector has run (garbage gradients, observed). Adding and
 * subtracting a number is safe (their backward does not read the scalar), so 4s - 2 is (s + s) + (s + s) - 2.
 */
final class SquashingFunctions {
    private SquashingFunctions() {
    }

    /** f(x) for one of the {@link Activation}s of the specification. */
    static NDArray apply(Activation activation, NDArray x) {
        switch (activation) {
            case TANH:
                return x.tanh();
            case SIGMOID:
                return sigmoid(x);
            case IDENTITY:
                return x;
            case SQUASH_G1997: {
                NDArray s = sigmoid(x);
                NDArray twice = s.add(s);
                return twice.add(twice).sub(2);
            }
            case SQUASH_H1997: {
                NDArray s = sigmoid(x);
                return s.add(s).sub(1);
            }
            default:
                throw new IllegalArgumentException("unsupported activation " + activation);
        }
    }

    /** The logistic sigmoid, the gate activation. */
    static NDArray sigmoid(NDArray x) {
        return ai.djl.nn.Activation.sigmoid(x);
    }
}
