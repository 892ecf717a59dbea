package dev.carousel.bench.harness;

import dev.carousel.reference.MemoryBlockGradient;
import dev.carousel.tasks.DelayTask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Runs trials of several tasks: each trial gets its own seed (seed + 1000 task index + trial), network and random
 * stream, so results do not depend on the order or the number of threads. Stoppable: {@link #requestStop()} ends
 * running trials after their current update and skips the rest; what finished is kept.
 */
public final class Reproduction {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param tasks    the tasks
     * @param impl     backend name
     * @param factory  the backend
     * @param cell     the cell
     * @param gradient the gradient of the paper's memory blocks on the reference backend
     * @param trials   trials per task
     * @param seed     base seed
     * @param quick    quick protocol (smaller windows and test sets) and quick budgets unless {@code budget} set
     * @param budget   sequences per trial, or null for {@link Budgets}
     * @param threads  worker threads (1 for native backends)
     * @param progress told every batch of sequences presented (and a finished trial's unused budget)
     */
    public List<TrialResult> run(List<DelayTask> tasks, String impl, LearnerFactory factory, CellChoice cell,
                                 MemoryBlockGradient gradient, int trials, long seed, boolean quick, Long budget,
                                 int threads,
                                 LongConsumer progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<Future<TrialResult>> futures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            DelayTask task = tasks.get(i);
            long b = budget != null ? budget : Budgets.of(task, quick);
            for (int k = 0; k < trials; k++) {
                long trialSeed = seed + 1000L * i + k;
                futures.add(pool.submit(() -> {
                    if (stop.get()) {
                        return null;
                    }
                    SplittableRandom rng = new SplittableRandom(trialSeed);
                    NetworkPlan plan = NetworkPlan.forTask(task, gradient);
                    Protocol protocol = Protocol.forTask(task, rng, b, quick);
                    long[] last = {0};
                    try (SequenceLearner learner = factory.create(task, cell, plan, trialSeed)) {
                        TrialResult r = Trial.run(task, learner, protocol, impl, cell, trialSeed, rng, n -> {
                            progress.accept(n - last[0]);
                            last[0] = n;
                        }, stop::get);
                        progress.accept(b - last[0]);
                        return r;
                    }
                }));
            }
        }
        pool.shutdown();
        List<TrialResult> results = new ArrayList<>();
        for (Future<TrialResult> f : futures) {
            try {
                TrialResult r = f.get();
                if (r != null) {
                    results.add(r);
                }
            } catch (ExecutionException e) {
                failures.add(e.getCause());                 // the other trials go on and are reported
                System.err.println("trial failed: " + e.getCause());
            }
        }
        return results;
    }

    /** Total sequences the run may present (for a progress bar). */
    public static long totalBudget(List<DelayTask> tasks, int trials, boolean quick, Long budget) {
        long total = 0;
        for (DelayTask t : tasks) {
            total += (budget != null ? budget : Budgets.of(t, quick)) * trials;
        }
        return total;
    }

    /** Trials that threw (a bad task/cell combination, a backend error), in submission order. */
    public List<Throwable> failures() {
        return failures;
    }

    public void requestStop() {
        stop.set(true);
    }

    public boolean stopRequested() {
        return stop.get();
    }
}
