package dev.carousel.tasks;

/**
 * ABS(β) of Hochreiter &amp; Schmidhuber 1997, Table 11: the sequence is correct when the absolute error of
 * <em>every</em> output unit is below β,
 *
 * <pre>
 *   correct  ⇔  max_{t∈S} max_k |y_k(t) − d*_k(t)| &lt; β
 * </pre>
 *
 * where d* are the noise-free {@link Sequence#idealTargets()} and S is the sequence end (ABS as defined in the paper)
 * or every step carrying error (task 2a: "maximal absolute error of all outputs always below 0.25"). Task 3c's
 * "misclassified when |output − noise-free target| &gt; 0.1" is ABS(0.1) against the noise-free target.
 */
public record AbsoluteErrorCriterion(double beta, ErrorScope scope) implements SuccessCriterion {

    public AbsoluteErrorCriterion {
        if (!(beta > 0.0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a positive finite number, got " + beta);
        }
        if (scope == null) {
            throw new IllegalArgumentException("scope must not be null");
        }
    }

    /** The largest absolute error over the inspected steps and all outputs; NaN if any inspected output is NaN. */
    public double maxAbsoluteError(Sequence sequence, double[][] outputs) {
        LossKind.checkOutputs(sequence, outputs);
        double worst = 0.0;
        int last = sequence.lastTargetStep();
        for (int t = 0; t < sequence.length(); t++) {
            boolean inspected = scope == ErrorScope.SEQUENCE_END ? t == last : sequence.targetMask()[t];
            if (!inspected) {
                continue;
            }
            for (int k = 0; k < sequence.outputSize(); k++) {
                double e = Math.abs(outputs[t][k] - sequence.idealTargets()[t][k]);
                if (Double.isNaN(e)) {
                    return Double.NaN; // a NaN output fails the test
                }
                worst = Math.max(worst, e);
            }
        }
        return worst;
    }

    @Override
    public boolean isCorrect(Sequence sequence, double[][] outputs) {
        return maxAbsoluteError(sequence, outputs) < beta;
    }

    @Override
    public String describe() {
        return "ABS(" + beta + ")" + (scope == ErrorScope.SEQUENCE_END ? " at sequence end" : " at every step");
    }
}
