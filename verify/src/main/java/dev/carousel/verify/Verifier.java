package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.ArrayLayout;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import java.util.Optional;

/**
 * Runs one {@link TestCase} through one {@link RecurrentImplementation} in one {@link DType} and compares every
 * output (y, h_n, c_n) and every gradient ({@code grad_<name>} for each input and parameter) with the case's
 * expected arrays by {@link RelativeError}, against {@link DType#tolerance(int)}.
 *
 * <p>An implementation that keeps one bias reports it under {@link RecurrentImplementation.Result#SINGLE_BIAS};
 * then both {@code grad_b_ih} and {@code grad_b_hh} are compared with that one gradient.
 */
public final class Verifier {
    private Verifier() {
    }

    public static Verification verify(TestCase c, RecurrentImplementation impl, DType dtype) {
        int time = c.config().time();
        double tol = dtype.tolerance(time);
        if (!impl.dtypes().contains(dtype)) {
            return skip(c, impl, dtype, dtype + " not supported by " + impl.name());
        }
        Optional<String> unsupported = impl.unsupported(c.config());
        if (unsupported.isPresent()) {
            return skip(c, impl, dtype, unsupported.get());
        }
        RecurrentImplementation.Result r;
        try {
            r = impl.run(c, dtype);
            if (r == null) {
                throw new IllegalStateException("run returned null");
            }
        } catch (RuntimeException | LinkageError e) {
            return new Verification(c.name(), time, impl.name(), dtype, Double.NaN, Double.NaN, null, tol,
                    Verdict.FAIL, "threw " + e);
        }
        ArrayLayout layout = c.layout();
        double forward = 0;
        String worstOutput = null;
        for (String out : layout.outputs()) {
            Tensor actual = r.output(out);
            if (actual == null) {
                return fail(c, impl, dtype, tol, "returned no " + out);
            }
            double e;
            try {
                e = actual.relativeErrorTo(c.array(out));
            } catch (IllegalArgumentException ex) {
                return fail(c, impl, dtype, tol, out + ": " + ex.getMessage());
            }
            if (worstOutput == null || e > forward) {
                forward = e;
                worstOutput = out;
            }
        }
        double gradient = 0;
        String worstGradient = null;
        for (String name : layout.differentiable()) {
            Tensor actual = r.gradients().get(name);
            boolean bias = name.equals("b_ih") || name.equals("b_hh");
            if (actual == null && bias) {
                actual = r.gradients().get(RecurrentImplementation.Result.SINGLE_BIAS);
            }
            String gradName = ArrayLayout.GRAD_PREFIX + name;
            if (actual == null) {
                return fail(c, impl, dtype, tol, "returned no gradient for " + name + " (expected "
                        + gradName + " " + Tensor.shapeString(layout.shape(gradName)) + ")");
            }
            double e;
            try {
                e = actual.relativeErrorTo(c.expectedGradient(name));
            } catch (IllegalArgumentException ex) {
                return fail(c, impl, dtype, tol, gradName + ": " + ex.getMessage());
            }
            if (worstGradient == null || e > gradient) {
                gradient = e;
                worstGradient = gradName;
            }
        }
        boolean pass = forward <= tol && gradient <= tol;
        String note = "";
        if (!pass) {
            note = forward > tol ? "forward error above tolerance (worst: " + worstOutput + ")"
                    : "gradient error above tolerance";
        }
        return new Verification(c.name(), time, impl.name(), dtype, forward, gradient, worstGradient, tol,
                pass ? Verdict.PASS : Verdict.FAIL, note);
    }

    /** The row of a case that could not be read. */
    public static Verification unreadable(String caseName, String problem) {
        return new Verification(caseName, 0, "-", null, Double.NaN, Double.NaN, null, Double.NaN, Verdict.ERROR,
                problem);
    }

    private static Verification skip(TestCase c, RecurrentImplementation impl, DType dtype, String why) {
        return new Verification(c.name(), c.config().time(), impl.name(), dtype, Double.NaN, Double.NaN, null,
                dtype.tolerance(c.config().time()), Verdict.SKIP, why);
    }

    private static Verification fail(TestCase c, RecurrentImplementation impl, DType dtype, double tol, String why) {
        return new Verification(c.name(), c.config().time(), impl.name(), dtype, Double.NaN, Double.NaN, null, tol,
                Verdict.FAIL, why);
    }
}
