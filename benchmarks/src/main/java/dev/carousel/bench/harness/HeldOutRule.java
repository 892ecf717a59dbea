package dev.carousel.bench.harness;

import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.Sequence;
import dev.carousel.tasks.TestSetEvaluation;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stop when a held-out evaluation passes, checked every {@code every} training sequences: at most
 * {@code maxMisclassified} of the evaluation sequences wrong, and their mean absolute error at the sequence end
 * below {@code meanAbsBound}. Experiment 3's ST1/ST2 (fresh 256 sequences per check) and experiment 1's
 * "training and test set correctly predicted" (the fixed sets, every sequence right, no error bound).
 */
public final class HeldOutRule implements StoppingRule {
    private final DelayTask task;
    private final Supplier<List<Sequence>> evaluationSet;
    private final int every;
    private final int maxMisclassified;
    private final double meanAbsBound;
    private final String description;
    private final WindowRule recent = new WindowRule(1000, Integer.MAX_VALUE - 1, Double.POSITIVE_INFINITY);
    private long lastCheck;

    public HeldOutRule(DelayTask task, Supplier<List<Sequence>> evaluationSet, int every, int maxMisclassified,
                       double meanAbsBound, String description) {
        this.task = task;
        this.evaluationSet = evaluationSet;
        this.every = every;
        this.maxMisclassified = maxMisclassified;
        this.meanAbsBound = meanAbsBound;
        this.description = description;
    }

    @Override
    public void record(Sequence sequence, double[][] outputs, double loss, boolean correct) {
        recent.record(sequence, outputs, loss, correct);
    }

    @Override
    public boolean satisfied(SequenceLearner learner, long sequencesSeen) {
        if (sequencesSeen - lastCheck < every) {
            return false;
        }
        lastCheck = sequencesSeen;
        List<Sequence> set = evaluationSet.get();
        TestSetEvaluation e = TestSetEvaluation.of(task, set, learner.predictAll(set));
        return e.wrong() <= maxMisclassified && e.meanAbsEndError() < meanAbsBound;
    }

    @Override
    public double recentLoss() {
        return recent.recentLoss();
    }

    @Override
    public String describe() {
        return description;
    }
}
