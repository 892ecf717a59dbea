package dev.carousel.bench.league;

import dev.carousel.bench.harness.Budgets;
import dev.carousel.bench.harness.CellChoice;
import dev.carousel.tasks.DelayTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The league: every cell on every task, on one or more backends, {@code trials} seeded trials each. {@link #jobs}
 * lays the sweep out as independent {@link LeagueJob}s; {@link #run} runs them on an in-process thread pool (a
 * {@link LeagueRunner} such as the Spark one runs the same jobs elsewhere). Stoppable: {@link #requestStop()} ends
 * running trials after their current update and skips the rest; only finished trials are returned.
 */
public final class League {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    /**
     * The jobs of a sweep, ordered by backend, task, cell, trial. Trial {@code k} of the task at index {@code i}
     * has the seed {@code seed + 1000 i + k} on every backend and for every cell (the cells of a task see the
     * same exemplar streams). Pairs a backend cannot train ({@link LeagueJob#unsupported}) are left out.
     *
     * @param budget sequences per trial, or null for the per-task default of {@link Budgets}
     */
    public static List<LeagueJob> jobs(List<String> tasks, List<CellChoice> cells, List<String> impls, int trials,
                                       long seed, boolean quick, Long budget) {
        List<LeagueJob> jobs = new ArrayList<>();
        for (String impl : impls) {
            for (int i = 0; i < tasks.size(); i++) {
                String task = tasks.get(i);
                long b = budget != null ? budget : Budgets.of(DelayTasks.parse(task), quick);
                for (CellChoice cell : cells) {
                    if (LeagueJob.unsupported(impl, cell) != null) {
                        continue;
                    }
                    for (int k = 0; k < trials; k++) {
                        jobs.add(new LeagueJob(task, cell.key(), impl, seed + 1000L * i + k, b, quick));
                    }
                }
            }
        }
        return jobs;
    }

    /**
     * Runs the jobs on {@code threads} worker threads (DL4J and DJL trials still run one at a time: see
     * {@link LeagueJob}) and returns the rows of the finished trials in job order.
     *
     * @param onRow told each finished row as it comes (progress)
     */
    public List<LeagueRow> run(List<LeagueJob> jobs, int threads, Consumer<LeagueRow> onRow)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<Future<LeagueRow>> futures = new ArrayList<>();
        for (LeagueJob job : jobs) {
            futures.add(pool.submit(() -> {
                if (stop.get()) {
                    return null;
                }
                LeagueRow row = job.run(n -> { }, stop::get);
                if (!row.interrupted()) {
                    onRow.accept(row);
                }
                return row;
            }));
        }
        pool.shutdown();
        List<LeagueRow> rows = new ArrayList<>();
        for (Future<LeagueRow> f : futures) {
            try {
                LeagueRow r = f.get();
                if (r != null && !r.interrupted()) {
                    rows.add(r);
                }
            } catch (ExecutionException e) {
                failures.add(e.getCause());                 // the other trials go on and are reported
                System.err.println("league: trial failed: " + e.getCause());
            }
        }
        return rows;
    }

    /** Records a failure of a trial or of a runner (reported, and the command exits 1). */
    public void recordFailure(Throwable t) {
        failures.add(t);
    }

    /** Trials that threw, in job order. */
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
