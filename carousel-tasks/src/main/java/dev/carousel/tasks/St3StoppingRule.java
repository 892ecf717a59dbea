package dev.carousel.tasks;

/**
 * ST3(β) of Hochreiter &amp; Schmidhuber 1997, Table 11: stop training when the average training error is below β
 * <em>and</em> the most recent {@code window} (2000 in the paper) training sequences were all processed correctly.
 * The average is taken over the same window of most recent sequences (the paper does not say over which span; a
 * sliding window makes the rule independent of how long training already ran).
 *
 * Feed it one record per training sequence, in presentation order.
 */
public final class St3StoppingRule {
    private final double beta;
    private final double[] errors;
    private final boolean[] correct;
    private int seen;
    private double errorSum;
    private int wrongInWindow;

    /** ST3(beta) over the {@code window} most recent sequences. */
    public St3StoppingRule(double beta, int window) {
        if (!(beta > 0.0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a positive finite number, got " + beta);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.beta = beta;
        this.errors = new double[window];
        this.correct = new boolean[window];
    }

    /** ST3(beta) with the paper's window of 2000 sequences. */
    public static St3StoppingRule paper(double beta) {
        return new St3StoppingRule(beta, 2000);
    }

    /** Records one training sequence: its training error (loss) and whether it was processed correctly. */
    public void record(double error, boolean wasCorrect) {
        if (Double.isNaN(error)) {
            throw new IllegalArgumentException("error must not be NaN");
        }
        int slot = seen % errors.length;
        if (seen >= errors.length) {
            errorSum -= errors[slot];
            if (!correct[slot]) {
                wrongInWindow--;
            }
        }
        errors[slot] = error;
        correct[slot] = wasCorrect;
        errorSum += error;
        if (!wasCorrect) {
            wrongInWindow++;
        }
        seen++;
        if (seen % errors.length == 0) {
            errorSum = 0.0; // re-sum once per window so that millions of add/subtract steps do not drift
            for (double e : errors) {
                errorSum += e;
            }
        }
    }

    /** Number of sequences recorded so far. */
    public long sequencesSeen() {
        return seen;
    }

    /** The mean error over the window (over all sequences seen while fewer than {@code window}). */
    public double windowMeanError() {
        int n = Math.min(seen, errors.length);
        return n == 0 ? Double.NaN : errorSum / n;
    }

    /** True once a full window was seen, all of it correct and its mean error below β. */
    public boolean satisfied() {
        return seen >= errors.length && wrongInWindow == 0 && windowMeanError() < beta;
    }
}
