package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.ArrayLayout;
import dev.carousel.verify.vectors.Seq2SeqLayout;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import java.util.Optional;

/**
 * Runs one {@link TestCase} through one {@link RecurrentImplementation} in one {@link DType} and compares every
 * output (y, h_n, c_n) and every gradient ({@code grad_<name>} for each input and parameter) with the case's
 * expected arrays by {@link RelativeError}, against {@link DType#tolerance(int)}.
 *
 * <p>A forward-only case ({@link TestCase#forwardOnly()}, no {@code grad_} arrays) is compared on its outputs only:
 * the row has no gradient error and the note {@value #FORWARD_ONLY}. Seq2seq cases: {@link #verify(Seq2SeqTestCase,
 * Seq2SeqImplementation, DType)}.
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
        if (c.forwardOnly()) {
            return forwardOnly(c.name(), time, impl.name(), dtype, forward, worstOutput, tol);
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
        return verdict(c.name(), time, impl.name(), dtype, forward, worstOutput, gradient, worstGradient, tol);
    }

    /** A PASS or FAIL row from the worst forward and gradient errors. */
    private static Verification verdict(String name, int time, String impl, DType dtype, double forward,
                                        String worstOutput, double gradient, String worstGradient, double tol) {
        boolean pass = forward <= tol && gradient <= tol;
        String note = "";
        if (!pass) {
            note = forward > tol ? "forward error above tolerance (worst: " + worstOutput + ")"
                    : "gradient error above tolerance";
        }
        return new Verification(name, time, impl, dtype, forward, gradient, worstGradient, tol,
                pass ? Verdict.PASS : Verdict.FAIL, note);
    }

    /** The note of a forward-only row. */
    public static final String FORWARD_ONLY = "forward only";

    /** A forward-only row: PASS when {@code forward} is within {@code tol}, with the note {@value #FORWARD_ONLY}. */
    static Verification forwardOnly(String caseName, int time, String impl, DType dtype, double forward,
                                            String worstOutput, double tol) {
        boolean pass = forward <= tol;
        return new Verification(caseName, time, impl, dtype, forward, Double.NaN, null, tol,
                pass ? Verdict.PASS : Verdict.FAIL, pass ? FORWARD_ONLY
                : "forward error above tolerance (worst: " + worstOutput + "); " + FORWARD_ONLY);
    }

    /**
     * Runs one seq2seq case through one implementation in one dtype: the forward error is the largest relative
     * error over log_probs, alphas and loss, the gradient error the largest over every {@code grad_<parameter>}
     * (none for a forward-only case); the tolerance is {@link DType#tolerance(int)} of the target length T.
     */
    public static Verification verify(Seq2SeqTestCase c, Seq2SeqImplementation impl, DType dtype) {
        int time = c.config().target();
        double tol = dtype.tolerance(time);
        if (!impl.dtypes().contains(dtype)) {
            return row(c, impl.name(), dtype, Verdict.SKIP, dtype + " not supported by " + impl.name());
        }
        Optional<String> unsupported = impl.unsupported(c.config());
        if (unsupported.isPresent()) {
            return row(c, impl.name(), dtype, Verdict.SKIP, unsupported.get());
        }
        Seq2SeqImplementation.Result r;
        try {
            r = impl.run(c, dtype);
            if (r == null) {
                throw new IllegalStateException("run returned null");
            }
        } catch (RuntimeException | LinkageError e) {
            return row(c, impl.name(), dtype, Verdict.FAIL, "threw " + e);
        }
        Tensor[] actual = {r.logProbs(), r.alphas(), Tensor.of(new double[] {r.loss()})};
        double forward = 0;
        String worstOutput = null;
        for (int k = 0; k < Seq2SeqLayout.OUTPUTS.size(); k++) {
            String out = Seq2SeqLayout.OUTPUTS.get(k);
            if (actual[k] == null) {
                return row(c, impl.name(), dtype, Verdict.FAIL, "returned no " + out);
            }
            Tensor expected = c.array(out);
            if (out.equals(Seq2SeqLayout.LOSS)) {
                expected = Tensor.of(expected.data());
            }
            double e;
            try {
                e = actual[k].relativeErrorTo(expected);
            } catch (IllegalArgumentException ex) {
                return row(c, impl.name(), dtype, Verdict.FAIL, out + ": " + ex.getMessage());
            }
            if (worstOutput == null || e > forward) {
                forward = e;
                worstOutput = out;
            }
        }
        if (c.forwardOnly()) {
            return forwardOnly(c.name(), time, impl.name(), dtype, forward, worstOutput, tol);
        }
        double gradient = 0;
        String worstGradient = null;
        for (String name : c.layout().parameters()) {
            String gradName = ArrayLayout.GRAD_PREFIX + name;
            Tensor g = r.gradients().get(name);
            if (g == null) {
                return row(c, impl.name(), dtype, Verdict.FAIL, "returned no gradient for " + name + " (expected "
                        + gradName + " " + Tensor.shapeString(c.layout().shape(gradName)) + ")");
            }
            double e;
            try {
                e = g.relativeErrorTo(c.array(gradName));
            } catch (IllegalArgumentException ex) {
                return row(c, impl.name(), dtype, Verdict.FAIL, gradName + ": " + ex.getMessage());
            }
            if (worstGradient == null || e > gradient) {
                gradient = e;
                worstGradient = gradName;
            }
        }
        return verdict(c.name(), time, impl.name(), dtype, forward, worstOutput, gradient, worstGradient, tol);
    }

    /** The SKIP row of a seq2seq case for a name that has no seq2seq implementation. */
    public static Verification noSeq2SeqImplementation(Seq2SeqTestCase c, String implName, DType dtype) {
        return row(c, implName, dtype, Verdict.SKIP, "no seq2seq implementation named " + implName);
    }

    /** The SKIP row of a recurrent-layer case for a name that has only a seq2seq implementation. */
    public static Verification noRecurrentImplementation(TestCase c, String implName, DType dtype) {
        return skip(c, implName, dtype, "no recurrent-layer implementation named " + implName);
    }

    private static Verification row(Seq2SeqTestCase c, String impl, DType dtype, Verdict verdict, String note) {
        return new Verification(c.name(), c.config().target(), impl, dtype, Double.NaN, Double.NaN, null,
                dtype.tolerance(c.config().target()), verdict, note);
    }

    /** The row of a case that could not be read. */
    public static Verification unreadable(String caseName, String problem) {
        return new Verification(caseName, 0, "-", null, Double.NaN, Double.NaN, null, Double.NaN, Verdict.ERROR,
                problem);
    }

    private static Verification skip(TestCase c, RecurrentImplementation impl, DType dtype, String why) {
        return skip(c, impl.name(), dtype, why);
    }

    private static Verification skip(TestCase c, String impl, DType dtype, String why) {
        return new Verification(c.name(), c.config().time(), impl, dtype, Double.NaN, Double.NaN, null,
                dtype.tolerance(c.config().time()), Verdict.SKIP, why);
    }

    private static Verification fail(TestCase c, RecurrentImplementation impl, DType dtype, double tol, String why) {
        return new Verification(c.name(), c.config().time(), impl.name(), dtype, Double.NaN, Double.NaN, null, tol,
                Verdict.FAIL, why);
    }
}
