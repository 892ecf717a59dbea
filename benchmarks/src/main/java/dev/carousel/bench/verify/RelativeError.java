package dev.carousel.bench.verify;

import dev.carousel.bench.vectors.Tensor;
import java.util.Arrays;

/**
 * The error measure of test-vectors.md: for an actual array a and an expected array e of the same shape,
 * <pre>
 *   relative error = max|a - e| / max( max|e|, 1e-12 )
 * </pre>
 * A NaN or infinite value in a gives an infinite error (never a pass).
 */
public final class RelativeError {
    /** The floor of the denominator, so that an all-zero expected array compares absolutely. */
    public static final double FLOOR = 1e-12;

    private RelativeError() {
    }

    /**
     * @throws IllegalArgumentException when the shapes differ (the message gives both)
     */
    public static double of(Tensor actual, Tensor expected) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            throw new IllegalArgumentException("shape " + Tensor.shapeString(actual.shape()) + ", expected "
                    + Tensor.shapeString(expected.shape()));
        }
        double[] a = actual.data();
        double[] e = expected.data();
        double maxDiff = 0;
        double maxExpected = 0;
        for (int k = 0; k < a.length; k++) {
            if (!Double.isFinite(a[k])) {
                return Double.POSITIVE_INFINITY;
            }
            maxDiff = Math.max(maxDiff, Math.abs(a[k] - e[k]));
            maxExpected = Math.max(maxExpected, Math.abs(e[k]));
        }
        return maxDiff / Math.max(maxExpected, FLOOR);
    }
}
