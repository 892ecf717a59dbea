package dev.carousel.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FiniteDifferenceTest {

    /** f(x) = sin(x0) x1^3 + exp(x2 / 2) - x0 x2: gradient written by hand. */
    private static double f(double[] x) {
        return Math.sin(x[0]) * x[1] * x[1] * x[1] + Math.exp(x[2] / 2) - x[0] * x[2];
    }

    private static double[] grad(double[] x) {
        return new double[] {Math.cos(x[0]) * x[1] * x[1] * x[1] - x[2], 3 * Math.sin(x[0]) * x[1] * x[1],
                Math.exp(x[2] / 2) / 2 - x[0]};
    }

    @Test
    void matchesTheHandWrittenGradientToFloat64Accuracy() {
        double[] x = {0.7, -1.3, 0.4};
        double[] numeric = FiniteDifference.gradient(fn(), x);
        double[] exact = grad(x);
        for (int k = 0; k < 3; k++) {
            assertEquals(exact[k], numeric[k], 1e-8, "d f / d x" + k);
        }
        assertArrayEquals(new double[] {0.7, -1.3, 0.4}, x, 0.0, "the function form leaves x alone");
    }

    private static java.util.function.ToDoubleFunction<double[]> fn() {
        return FiniteDifferenceTest::f;
    }

    @Test
    void inPlaceFormRestoresEveryValueBitForBit() {
        double[] x = RandomArrays.uniform(9, 6, 1.0);
        double[] before = x.clone();
        double[] g = FiniteDifference.gradient(x, () -> x[0] * x[1] + 3 * x[5]);
        assertArrayEquals(before, x, 0.0);
        assertEquals(x[1], g[0], 1e-9);
        assertEquals(x[0], g[1], 1e-9);
        assertEquals(3.0, g[5], 1e-9);
        assertEquals(0.0, g[2], 0.0);
    }

    @Test
    void maxErrorIsSmallForTheRightGradientAndLargeForAWrongOne() {
        double[] x = {0.7, -1.3, 0.4};
        double ok = FiniteDifference.maxError(x, grad(x), () -> f(x));
        assertTrue(ok < 1, "correct gradient: " + ok);
        double[] wrong = grad(x);
        wrong[1] *= 1.0001;
        double bad = FiniteDifference.maxError(x, wrong, () -> f(x));
        assertTrue(bad > 10, "gradient off by 1e-4 relative: " + bad);
        double[] nan = grad(x);
        nan[2] = Double.NaN;
        assertEquals(Double.POSITIVE_INFINITY, FiniteDifference.maxError(x, nan, () -> f(x)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FiniteDifference.maxError(x, new double[2], () -> f(x)));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
    }
}
