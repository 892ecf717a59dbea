package dev.carousel.reference.attention;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import dev.carousel.testing.FiniteDifference;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Analytic gradients of the attention model against the shared float64 central differences
 * ({@link FiniteDifference}, eps = 1e-6), over every entry of a {@link ParamSet} or an input array. The error of one entry is |analytic - numeric| / max(1, |analytic|, |numeric|): relative for gradients of size 1
 * and above, absolute below (where the difference quotient's own rounding error, about 1e-16 L / eps, dominates).
 */
final class GradCheck {
    /** The worst entry seen and where. */
    static final class Result {
        double maxError;
        String worst = "-";
        int checked;
        /** The plain relative error |a - n| / max(|a|, |n|) over entries with max(|a|, |n|) >= 1e-2. */
        double maxRelativeLarge;

        void record(String where, double analytic, double numeric) {
            double err = Math.abs(analytic - numeric) / Math.max(1.0, Math.max(Math.abs(analytic), Math.abs(numeric)));
            checked++;
            double big = Math.max(Math.abs(analytic), Math.abs(numeric));
            if (big >= 1e-2) {
                maxRelativeLarge = Math.max(maxRelativeLarge, Math.abs(analytic - numeric) / big);
            }
            if (err > maxError || Double.isNaN(err)) {
                maxError = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                worst = where + " analytic=" + analytic + " numeric=" + numeric;
            }
        }

        void merge(Result other) {
            checked += other.checked;
            maxRelativeLarge = Math.max(maxRelativeLarge, other.maxRelativeLarge);
            if (other.maxError > maxError) {
                maxError = other.maxError;
                worst = other.worst;
            }
        }

        @Override
        public String toString() {
            return String.format("checked %d entries, max error %.3e, max relative error (|grad| >= 1e-2) %.3e"
                    + " (worst: %s)", checked, maxError, maxRelativeLarge, worst);
        }
    }

    private GradCheck() {
    }

    /** Checks every entry of every parameter; the analytic gradients must already be in {@code grad}. */
    static Result params(ParamSet params, DoubleSupplier loss) {
        Result r = new Result();
        for (Map.Entry<String, Param> e : params.asMap().entrySet()) {
            Param p = e.getValue();
            for (int k = 0; k < p.size(); k++) {
                r.record(e.getKey() + "[" + k + "]", p.grad[k], FiniteDifference.derivative(p.value, k, loss));
            }
        }
        return r;
    }

    /** Checks d loss / d x for an input array x [..][..][..] against {@code analytic} of the same shape. */
    static Result input(String name, double[][][] x, double[][][] analytic, DoubleSupplier loss) {
        Result r = new Result();
        for (int a = 0; a < x.length; a++) {
            for (int b = 0; b < x[a].length; b++) {
                for (int c = 0; c < x[a][b].length; c++) {
                    r.record(name + "[" + a + "][" + b + "][" + c + "]", analytic[a][b][c],
                            FiniteDifference.derivative(x[a][b], c, loss));
                }
            }
        }
        return r;
    }

    /** Checks d loss / d x for a matrix x [..][..]. */
    static Result input(String name, double[][] x, double[][] analytic, DoubleSupplier loss) {
        return input(name, new double[][][] {x}, new double[][][] {analytic}, loss);
    }

    /** Checks d loss / d x for a vector x. */
    static Result input(String name, double[] x, double[] analytic, DoubleSupplier loss) {
        return input(name, new double[][][] {{x}}, new double[][][] {{analytic}}, loss);
    }
}
