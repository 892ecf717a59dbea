package dev.carousel.testing;

import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Central finite differences in float64: dL/dw_k ~ (L(w + eps e_k) - L(w - eps e_k)) / (2 eps), one element at a
 * time, with eps = {@link #EPS}. The values are perturbed in place and restored exactly, so the function may read
 * them from a model's own parameter array.
 */
public final class FiniteDifference {
    /** The step: the usual float64 compromise between truncation (~eps^2) and round-off (~1e-16 / eps) errors. */
    public static final double EPS = 1e-6;
    /** Absolute part of the per-element bound of {@link #maxError}: ~10x the round-off at eps = 1e-6. */
    public static final double ATOL = 1e-8;
    /** Relative part of the per-element bound of {@link #maxError}. */
    public static final double RTOL = 1e-6;

    private FiniteDifference() {
    }

    /**
     * The numerical gradient of {@code loss} with respect to {@code values}: each element is moved by +-eps, the
     * loss re-evaluated, and the element restored.
     */
    public static double[] gradient(double[] values, DoubleSupplier loss) {
        double[] g = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            g[k] = derivative(values, k, loss);
        }
        return g;
    }

    /** The numerical gradient of {@code f} at {@code x} ({@code x} is left unchanged; f sees a working copy). */
    public static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] w = x.clone();
        return gradient(w, () -> f.applyAsDouble(w));
    }

    /** The central difference of {@code loss} with respect to {@code values[k]} (restored afterwards). */
    public static double derivative(double[] values, int k, DoubleSupplier loss) {
        double keep = values[k];
        values[k] = keep + EPS;
        double plus = loss.getAsDouble();
        values[k] = keep - EPS;
        double minus = loss.getAsDouble();
        values[k] = keep;
        return (plus - minus) / (2 * EPS);
    }

    /**
     * Largest ratio |a - n| / (ATOL + RTOL |n|) of {@code analytic} (a) against the numerical gradient (n) of
     * {@code loss} with respect to {@code values}; a correct gradient gives a ratio below 1 (the bound of
     * torch.autograd.gradcheck, with 1000x tighter tolerances). A NaN anywhere gives infinity.
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double maxError(double[] values, double[] analytic, DoubleSupplier loss) {
        if (analytic.length != values.length) {
            throw new IllegalArgumentException("analytic gradient has " + analytic.length + " values, expected "
                    + values.length);
        }
        double worst = 0;
        for (int k = 0; k < values.length; k++) {
            double numeric = derivative(values, k, loss);
            double err = Math.abs(analytic[k] - numeric) / (ATOL + RTOL * Math.abs(numeric));
            if (Double.isNaN(err)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, err);
        }
        return worst;
    }
}
