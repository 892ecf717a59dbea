package dev.carousel.dl4j.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The CPU fast path's squashing functions against the JDK's own: {@code Math.tanh} and 1/(1+e^-x) evaluated with
 * {@code StrictMath}, on a dense grid over [-30, 30] that covers the clamped tails of the rational tanh.
 */
class SquashTest {
    private static double[] grid() {
        double[] x = new double[60_001];
        for (int k = 0; k < x.length; k++) {
            x[k] = -30.0 + k * 1e-3;
        }
        return x;
    }

    private static double exact(Activation a, double x) {
        double s = 1.0 / (1.0 + StrictMath.exp(-x));
        switch (a) {
            case TANH: return StrictMath.tanh(x);
            case SIGMOID: return s;
            case IDENTITY: return x;
            case SQUASH_G1997: return 4.0 * s - 2.0;
            case SQUASH_H1997: return 2.0 * s - 1.0;
            default: throw new AssertionError(a);
        }
    }

    private static double maxError(Squash sq, Activation a, boolean relative) {
        double[] x = grid();
        double[] y = x.clone();
        sq.apply(a, y, 0, y.length);
        double worst = 0.0;
        for (int k = 0; k < x.length; k++) {
            double e = exact(a, x[k]);
            double err = Math.abs(y[k] - e);
            worst = Math.max(worst, relative ? err / Math.max(Math.abs(e), 1e-300) : err);
        }
        return worst;
    }

    @Test
    void exactKernelsAgreeWithTheJdkToDoubleRounding() {
        for (Activation a : Activation.values()) {
            double err = maxError(Squash.EXACT, a, false);
            assertTrue(err <= 1e-15, a + ": max abs error " + err);
        }
    }

    @Test
    void float32KernelsAreWithinAFewFloatUlps() {
        // float's ulp at 1 is 1.19e-7 (2^-23); Eigen's rational tanh is within 3e-7 absolute
        for (Activation a : Activation.values()) {
            double bound = a == Activation.SQUASH_G1997 ? 6e-7 : 3e-7;   // 2 tanh(x/2): the error doubles
            double err = maxError(Squash.FLOAT32, a, false);
            assertTrue(err <= bound, a + ": max abs error " + err + " > " + bound);
        }
        // tanh keeps its relative accuracy near 0, where it is linear: no absolute floor hides a wrong slope
        double[] x = {1e-30, 1e-12, 1e-6, 1e-3, -1e-6};
        double[] y = x.clone();
        Squash.FLOAT32.tanh(y, 0, y.length, 1.0, 1.0);
        for (int k = 0; k < x.length; k++) {
            assertEquals(StrictMath.tanh(x[k]), y[k], 3e-7 * Math.abs(x[k]), "tanh(" + x[k] + ")");
        }
    }

    @Test
    void nanStaysNan() {
        for (Squash sq : Squash.values()) {
            double[] y = {Double.NaN};
            sq.apply(Activation.TANH, y, 0, 1);
            assertTrue(Double.isNaN(y[0]), sq + " tanh(NaN)");
            y[0] = Double.NaN;
            sq.apply(Activation.SIGMOID, y, 0, 1);
            assertTrue(Double.isNaN(y[0]), sq + " sigmoid(NaN)");
        }
    }

    @Test
    void accuracyFollowsTheDataType() {
        assertEquals(Squash.EXACT, Squash.forType(DataType.DOUBLE));
        assertEquals(Squash.FLOAT32, Squash.forType(DataType.FLOAT));
    }

    @Test
    void derivativesFromOutputsMatchTheDerivativesOfTheFunctions() {
        double[] x = grid();
        for (Activation a : Activation.values()) {
            double[] y = x.clone();
            double[] d = new double[x.length];
            Squash.EXACT.apply(a, y, 0, y.length);
            Squash.derivativeFromOutput(a, y, 0, d, 0, x.length);
            for (int k = 0; k < x.length; k += 97) {
                double h = 1e-5;
                double fd = (exact(a, x[k] + h) - exact(a, x[k] - h)) / (2 * h);
                assertEquals(fd, d[k], 1e-8, a + "' at " + x[k]);
            }
        }
    }
}
