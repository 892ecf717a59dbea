package dev.carousel.spec;

/**
 * The project's pass/fail measure (test-vectors.md, "Comparison"): for an actual array a and an expected array e of
 * the same shape,
 * <pre>
 *   relative error = max|a - e| / max( max|e|, 1e-12 )
 * </pre>
 * A NaN or infinite value in a gives an infinite error (never a pass). The largest error that passes is
 * {@link DType#tolerance(int)}. Every comparison of the project (verify, the framework tests) uses this class.
 */
public final class RelativeError {
    /** The floor of the denominator, so that an all-zero expected array compares absolutely. */
    public static final double FLOOR = 1e-12;

    private RelativeError() {
    }

    /**
     * The relative error of {@code actual} against {@code expected} (flat, same length).
     *
     * @throws IllegalArgumentException when the lengths differ (the message gives both)
     */
    public static double of(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException("length " + actual.length + ", expected " + expected.length);
        }
        double maxDiff = 0;
        double maxExpected = 0;
        for (int k = 0; k < actual.length; k++) {
            if (!Double.isFinite(actual[k])) {
                return Double.POSITIVE_INFINITY;
            }
            maxDiff = Math.max(maxDiff, Math.abs(actual[k] - expected[k]));
            maxExpected = Math.max(maxExpected, Math.abs(expected[k]));
        }
        return maxDiff / Math.max(maxExpected, FLOOR);
    }

    /** The relative error of two float arrays (a float32 implementation against float64 expectations). */
    public static double of(float[] actual, double[] expected) {
        double[] a = new double[actual.length];
        for (int k = 0; k < a.length; k++) {
            a[k] = actual[k];
        }
        return of(a, expected);
    }
}
