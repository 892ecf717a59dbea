package dev.carousel.tasks;

/**
 * Classification correctness: at every inspected step the most active output is the target class,
 * {@code argmax_k y_k(t) = argmax_k d*_k(t)}. Used for the copy-memory task (every step, all T+20 symbols recalled).
 */
public record ArgmaxCriterion(ErrorScope scope) implements SuccessCriterion {

    public ArgmaxCriterion {
        if (scope == null) {
            throw new IllegalArgumentException("scope must not be null");
        }
    }

    @Override
    public boolean isCorrect(Sequence sequence, double[][] outputs) {
        LossKind.checkOutputs(sequence, outputs);
        int last = sequence.lastTargetStep();
        for (int t = 0; t < sequence.length(); t++) {
            boolean inspected = scope == ErrorScope.SEQUENCE_END ? t == last : sequence.targetMask()[t];
            if (!inspected) {
                continue;
            }
            for (double y : outputs[t]) {
                if (Double.isNaN(y)) {
                    return false;
                }
            }
            if (LossKind.argmax(outputs[t]) != LossKind.argmax(sequence.idealTargets()[t])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return "argmax equals the target class" + (scope == ErrorScope.SEQUENCE_END ? " at sequence end"
                : " at every step");
    }
}
