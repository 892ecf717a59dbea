package dev.carousel.bench.harness;

import dev.carousel.tasks.Sequence;

/**
 * Stop once the most recent {@code window} training sequences hold at most {@code maxWrong} incorrectly processed
 * ones and their mean loss is below {@code meanLossBound}. This covers ST3(beta) (maxWrong = 0; experiments 4, 6),
 * "10,000 successive sequences correct" (experiments 2a-2c, no loss bound) and "fewer than n_seq of the last 2000
 * wrong" (experiment 5, maxWrong = n_seq - 1).
 */
public final class WindowRule implements StoppingRule {
    private final int window;
    private final int maxWrong;
    private final double meanLossBound;
    private final boolean[] wrong;
    private final double[] losses;
    private long seen;
    private int wrongCount;
    private double lossSum;

    public WindowRule(int window, int maxWrong, double meanLossBound) {
        if (window < 1 || maxWrong < 0) {
            throw new IllegalArgumentException("window must be >= 1 and maxWrong >= 0, got " + window + ", "
                    + maxWrong);
        }
        this.window = window;
        this.maxWrong = maxWrong;
        this.meanLossBound = meanLossBound;
        this.wrong = new boolean[window];
        this.losses = new double[window];
    }

    @Override
    public void record(Sequence sequence, double[][] outputs, double loss, boolean correct) {
        int slot = (int) (seen % window);
        if (seen >= window) {
            wrongCount -= wrong[slot] ? 1 : 0;
            lossSum -= losses[slot];
        }
        wrong[slot] = !correct;
        losses[slot] = Double.isFinite(loss) ? loss : 1e9;
        wrongCount += wrong[slot] ? 1 : 0;
        lossSum += losses[slot];
        seen++;
        if (seen % window == 0) {                  // re-sum once per window: no drift over millions of updates
            lossSum = 0;
            for (double l : losses) {
                lossSum += l;
            }
        }
    }

    @Override
    public boolean satisfied(SequenceLearner learner, long sequencesSeen) {
        return seen >= window && wrongCount <= maxWrong && recentLoss() < meanLossBound;
    }

    @Override
    public double recentLoss() {
        long n = Math.min(seen, window);
        return n == 0 ? Double.NaN : lossSum / n;
    }

    @Override
    public String describe() {
        String w = maxWrong == 0 ? "the last " + window + " training sequences all correct"
                : "fewer than " + (maxWrong + 1) + " of the last " + window + " training sequences wrong";
        return Double.isInfinite(meanLossBound) ? w : w + " and their mean loss < " + meanLossBound;
    }
}
