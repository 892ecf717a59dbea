package dev.carousel.reference;

import java.util.function.DoubleSupplier;

/** Central finite differences in float64: (L(w + eps) - L(w - eps)) / (2 eps), one element at a time. */
final class FiniteDifference {
    static final double EPS = 1e-6;

    private FiniteDifference() {
    }

    /** Absolute part of the per-element bound: ~10x the round-off of a central difference at eps = 1e-6. */
    static final double ATOL = 1e-8;
    /** Relative part of the per-element bound. */
    static final double RTOL = 1e-6;

    /**
     * Largest ratio |a - n| / (ATOL + RTOL |n|) of {@code analytic} (a) against the numerical gradient (n) of
     * {@code loss} w.r.t. {@code values}; a correct gradient gives a ratio below 1 (the bound of
     * torch.autograd.gradcheck, with 1000x tighter tolerances).
     */
    static double maxError(double[] values, double[] analytic, DoubleSupplier loss) {
        double worst = 0;
        for (int k = 0; k < values.length; k++) {
            double keep = values[k];
            values[k] = keep + EPS;
            double plus = loss.getAsDouble();
            values[k] = keep - EPS;
            double minus = loss.getAsDouble();
            values[k] = keep;
            double numeric = (plus - minus) / (2 * EPS);
            double err = Math.abs(analytic[k] - numeric) / (ATOL + RTOL * Math.abs(numeric));
            worst = Math.max(worst, err);
        }
        return worst;
    }
}
