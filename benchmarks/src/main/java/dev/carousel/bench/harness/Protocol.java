package dev.carousel.bench.harness;

import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.EmbeddedReberGrammar;
import dev.carousel.tasks.Sequence;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * How a trial on one task runs and is judged (Table 11 of the paper, as implemented here): where training exemplars
 * come from, the stopping rule, the sequence budget and the size of the final test set. {@link #forTask} builds it;
 * {@code quick} shrinks windows, checks and test sets for the README's ten-minute main job.
 */
public final class Protocol {
    private final Supplier<Sequence> exemplars;
    private final StoppingRule rule;
    private final long budget;
    private final int testSize;
    private final boolean fixedBudget;

    private Protocol(Supplier<Sequence> exemplars, StoppingRule rule, long budget, int testSize, boolean fixedBudget) {
        this.exemplars = exemplars;
        this.rule = rule;
        this.budget = budget;
        this.testSize = testSize;
        this.fixedBudget = fixedBudget;
    }

    /**
     * @param task   the task
     * @param rng    the trial's random stream (exemplars, evaluation sets)
     * @param budget maximum training sequences
     * @param quick  smaller windows and test sets
     */
    public static Protocol forTask(DelayTask task, SplittableRandom rng, long budget, boolean quick) {
        int test = quick ? 512 : 2560;
        Supplier<Sequence> online = () -> task.next(rng);
        switch (task.id()) {
            case "1": {
                EmbeddedReberGrammar erg = (EmbeddedReberGrammar) task;
                EmbeddedReberGrammar.TrainTestSets sets = erg.trainTestSets(rng, 256, 256);
                List<Sequence> both = new java.util.ArrayList<>(sets.training());
                both.addAll(sets.test());
                List<Sequence> training = sets.training();
                return new Protocol(() -> training.get(rng.nextInt(training.size())),
                        new HeldOutRule(task, () -> both, quick ? 500 : 1000, 0, Double.POSITIVE_INFINITY,
                                "every string of the fixed training and test sets (256 + 256) predicted"),
                        budget, 0, false);
            }
            case "2a":
            case "2b":
            case "2c":
                return new Protocol(online, new WindowRule(quick ? 1000 : 10_000, 0, Double.POSITIVE_INFINITY),
                        budget, quick ? 1000 : 10_000, false);
            case "3a":
            case "3b":
            case "3c": {
                int checkSize = 256;
                Supplier<List<Sequence>> fresh = () -> task.sample(rng, checkSize);
                int maxWrong = task.id().equals("3b") ? 5 : 0;
                double bound = task.id().equals("3a") ? 0.01 : task.id().equals("3b") ? 0.04 : 0.015;
                String text = (maxWrong == 0 ? "none" : "fewer than 6") + " of 256 fresh sequences misclassified and "
                        + "their mean absolute end error < " + bound + " (ST2)";
                return new Protocol(online, new HeldOutRule(task, fresh, quick ? 500 : 1000, maxWrong, bound, text),
                        budget, test, false);
            }
            case "4":
                return new Protocol(online, new WindowRule(quick ? 500 : 2000, 0, 0.01), budget, test, false);
            case "5":
                return new Protocol(online, new WindowRule(2000, 139, Double.POSITIVE_INFINITY), budget, test, false);
            case "6a":
            case "6b":
                return new Protocol(online, new WindowRule(quick ? 500 : 2000, 0, 0.1), budget, test, false);
            case "adding":
            case "copy":
                return new Protocol(online, new WindowRule(1000, Integer.MAX_VALUE - 1, Double.POSITIVE_INFINITY),
                        budget, quick ? 500 : 2000, true);
            default:
                throw new IllegalArgumentException("no protocol for task " + task.id());
        }
    }

    public Sequence nextExemplar() {
        return exemplars.get();
    }

    public StoppingRule rule() {
        return rule;
    }

    public long budget() {
        return budget;
    }

    /** Sequences of the final test (0: the stopping rule already judged held-out data). */
    public int testSize() {
        return testSize;
    }

    /**
     * True for the modern tasks: no stopping criterion, the whole budget is trained and success is a test loss
     * below a tenth of the trivial baseline's.
     */
    public boolean fixedBudget() {
        return fixedBudget;
    }

    public String describe() {
        return fixedBudget ? "train the whole budget; success = test loss < 0.1 x the trivial baseline"
                : "stop when " + rule.describe();
    }
}
