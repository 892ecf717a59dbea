package dev.carousel.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.carousel.spec.RelativeError;
import java.util.Locale;

/**
 * Assertions with the project's pass/fail rule, {@link RelativeError}: max|a - e| / max(max|e|, 1e-12) at most the
 * tolerance; a NaN or infinite actual value never passes. A failure names the array, the error, the tolerance and
 * the worst element (its index, actual and expected value).
 */
public final class Comparisons {
    private Comparisons() {
    }

    /**
     * Asserts {@code RelativeError.of(actual, expected) <= tolerance}.
     *
     * @return the relative error (for reporting)
     */
    public static double assertRelativeError(double[] actual, double[] expected, double tolerance, String what) {
        return check(actual, expected, tolerance, what, new int[] {expected == null ? 0 : expected.length});
    }

    /** {@link #assertRelativeError(double[], double[], double, String)} for a float32 result. */
    public static double assertRelativeError(float[] actual, double[] expected, double tolerance, String what) {
        double[] a = null;
        if (actual != null) {
            a = new double[actual.length];
            for (int k = 0; k < a.length; k++) {
                a[k] = actual[k];
            }
        }
        return assertRelativeError(a, expected, tolerance, what);
    }

    /** The same for [rows][cols] matrices (the worst element is named [i][j]). */
    public static double assertRelativeError(double[][] actual, double[][] expected, double tolerance, String what) {
        if (actual == null) {
            return fail(what + ": actual is null");
        }
        int[] shapeA = shape(actual, what + " (actual)");
        int[] shapeE = shape(expected, what + " (expected)");
        sameShape(shapeA, shapeE, what);
        return check(RandomArrays.flatten(actual), RandomArrays.flatten(expected), tolerance, what, shapeE);
    }

    /** The same for [a][b][c] arrays (the worst element is named [i][j][k]). */
    public static double assertRelativeError(double[][][] actual, double[][][] expected, double tolerance,
                                             String what) {
        if (actual == null) {
            return fail(what + ": actual is null");
        }
        if (actual.length != expected.length) {
            return fail(what + ": shape [" + actual.length + "][..][..], expected [" + expected.length + "][..][..]");
        }
        int[] inner = expected.length == 0 ? new int[] {0, 0} : shape(expected[0], what + " (expected)");
        for (int i = 0; i < expected.length; i++) {
            sameShape(shape(actual[i], what + " (actual)"), inner, what + "[" + i + "]");
            sameShape(shape(expected[i], what + " (expected)"), inner, what + "[" + i + "] (expected)");
        }
        return check(RandomArrays.flatten(actual), RandomArrays.flatten(expected), tolerance, what,
                new int[] {expected.length, inner[0], inner[1]});
    }

    /**
     * {@link #assertRelativeError(double[], double[], double, String)} of the row-major flattenings
     * ({@link RandomArrays#flattenNested}) of two nested arrays, for an actual value whose nesting differs from the
     * expectation's (a flat framework buffer against a [B][T][H] reference); the worst element is named by its flat
     * index.
     */
    public static double assertRelativeErrorFlat(Object actual, Object expected, double tolerance, String what) {
        if (actual == null) {
            return fail(what + ": actual is null");
        }
        return assertRelativeError(RandomArrays.flattenNested(actual), RandomArrays.flattenNested(expected),
                tolerance, what);
    }

    private static double check(double[] actual, double[] expected, double tolerance, String what, int[] shape) {
        if (actual == null) {
            return fail(what + ": actual is null");
        }
        if (actual.length != expected.length) {
            return fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        double err = RelativeError.of(actual, expected);
        if (!(err <= tolerance)) {
            int worst = worstIndex(actual, expected);
            String where = worst < 0 ? "" : String.format(Locale.ROOT, "; worst element %s: actual %s, expected %s",
                    index(worst, shape), actual[worst], expected[worst]);
            fail(String.format(Locale.ROOT, "%s: relative error %.3e > tolerance %.3e (%d values)%s", what, err,
                    tolerance, actual.length, where));
        }
        return err;
    }

    /** The element with the largest |a - e|; the first non-finite actual (or NaN difference) wins outright. */
    static int worstIndex(double[] actual, double[] expected) {
        int worst = -1;
        double worstDiff = -1;
        for (int k = 0; k < actual.length; k++) {
            double d = Math.abs(actual[k] - expected[k]);
            if (!Double.isFinite(actual[k]) || Double.isNaN(d)) {
                return k;
            }
            if (d > worstDiff) {
                worstDiff = d;
                worst = k;
            }
        }
        return worst;
    }

    /** A flat row-major index written as [i][j][k] for the given shape. */
    static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        StringBuilder sb = new StringBuilder();
        for (int i : idx) {
            sb.append('[').append(i).append(']');
        }
        return sb.toString();
    }

    private static int[] shape(double[][] m, String what) {
        int cols = m.length == 0 ? 0 : m[0].length;
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != cols) {
                fail(what + ": row " + i + " has " + m[i].length + " values, row 0 has " + cols);
            }
        }
        return new int[] {m.length, cols};
    }

    private static void sameShape(int[] actual, int[] expected, String what) {
        if (actual[0] != expected[0] || actual[1] != expected[1]) {
            fail(what + ": shape [" + actual[0] + "][" + actual[1] + "], expected [" + expected[0] + "]["
                    + expected[1] + "]");
        }
    }
}
