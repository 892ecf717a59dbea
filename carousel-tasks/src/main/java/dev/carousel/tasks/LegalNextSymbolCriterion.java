package dev.carousel.tasks;

/**
 * The embedded Reber grammar criterion of Hochreiter &amp; Schmidhuber 1997, Exp. 1: at every step the output units
 * of the legal next symbols are the most active ones,
 *
 * <pre>
 *   correct  ⇔  ∀t∈M:  min_{k legal at t} y_k(t)  &gt;  max_{k not legal at t} y_k(t)
 * </pre>
 *
 * using {@link Sequence#legalNext()}. A trial succeeds when every sequence of the training and the test set is
 * correct.
 */
public record LegalNextSymbolCriterion() implements SuccessCriterion {

    @Override
    public boolean isCorrect(Sequence sequence, double[][] outputs) {
        LossKind.checkOutputs(sequence, outputs);
        if (sequence.legalNext() == null) {
            throw new IllegalArgumentException("LegalNextSymbolCriterion needs a sequence with legalNext sets "
                    + "(task 1), got one without");
        }
        for (int t = 0; t < sequence.length(); t++) {
            if (!sequence.targetMask()[t]) {
                continue;
            }
            double minLegal = Double.POSITIVE_INFINITY;
            double maxOther = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < sequence.outputSize(); k++) {
                double y = outputs[t][k];
                if (Double.isNaN(y)) {
                    return false;
                }
                if (sequence.legalNext()[t][k]) {
                    minLegal = Math.min(minLegal, y);
                } else {
                    maxOther = Math.max(maxOther, y);
                }
            }
            if (!(minLegal > maxOther)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return "legal next symbols are the most active outputs at every step";
    }
}
