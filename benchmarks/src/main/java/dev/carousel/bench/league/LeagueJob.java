package dev.carousel.bench.league;

import dev.carousel.bench.harness.CellChoice;
import dev.carousel.bench.harness.LearnerFactory;
import dev.carousel.bench.harness.NetworkPlan;
import dev.carousel.bench.harness.Protocol;
import dev.carousel.bench.harness.SequenceLearner;
import dev.carousel.bench.harness.Trial;
import dev.carousel.bench.harness.TrialResult;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.DelayTasks;
import java.io.Serializable;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * One trial of the league, self-contained and serializable so that any runner (the in-process thread pool, a Spark
 * executor on another machine) computes the same row from it: the task (a {@code DelayTasks.parse} spec such as
 * {@code 4:T=500}), the cell, the backend, the trial's seed, its budget and the quick flag. The network, the
 * exemplars and the test set all come from {@code seed}, so a row does not depend on where or when it ran.
 *
 * @param task   task spec, e.g. "2a" or "4:T=500"
 * @param cell   cell key ({@link CellChoice#key()})
 * @param impl   backend: reference, dl4j or djl
 * @param seed   the trial's seed
 * @param budget training sequences at most
 * @param quick  the quick protocol (smaller windows and test sets)
 */
public record LeagueJob(String task, String cell, String impl, long seed, long budget, boolean quick)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Native backends (DL4J, DJL) run one trial at a time per JVM, whatever the runner's parallelism. */
    private static final Object NATIVE = new Object();

    /** Runs the trial to the end. */
    public LeagueRow run() {
        return run(n -> { }, () -> false);
    }

    /**
     * @param progress told the sequences seen so far after every update
     * @param stop     polled after every update: true ends the trial early (its row is marked interrupted)
     */
    public LeagueRow run(LongConsumer progress, BooleanSupplier stop) {
        DelayTask t = DelayTasks.parse(task);
        CellChoice c = CellChoice.parse(cell);
        LearnerFactory factory = LearnerFactory.forName(impl);
        if (factory.parallelTrials()) {
            return trial(t, c, factory, progress, stop);
        }
        synchronized (NATIVE) {
            return trial(t, c, factory, progress, stop);
        }
    }

    private LeagueRow trial(DelayTask t, CellChoice c, LearnerFactory factory, LongConsumer progress,
                            BooleanSupplier stop) {
        SplittableRandom rng = new SplittableRandom(seed);
        NetworkPlan plan = NetworkPlan.forTask(t);
        Protocol protocol = Protocol.forTask(t, rng, budget, quick);
        try (SequenceLearner learner = factory.create(t, c, plan, seed)) {
            TrialResult r = Trial.run(t, learner, protocol, impl, c, seed, rng, progress, stop);
            return LeagueRow.of(task, r);
        }
    }

    /**
     * Why this backend cannot train this cell at all (the league reports the pair as "n/a" instead of running it),
     * or null.
     */
    public static String unsupported(String impl, CellChoice cell) {
        if (impl.equals("djl") && cell == CellChoice.RNN) {
            return "DJL has no tanh RNN block in Carousel";
        }
        return null;
    }
}
