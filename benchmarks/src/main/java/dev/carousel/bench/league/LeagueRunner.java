package dev.carousel.bench.league;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a list of league jobs somewhere else than the in-process thread pool. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.carousel.bench.league.LeagueRunner}); the module
 * {@code carousel-spark} provides the Spark one, so that {@code benchmarks} itself never depends on Spark.
 */
public interface LeagueRunner {

    /** The name the league command selects it by (e.g. "spark"). */
    String name();

    /**
     * Runs every job and returns the rows of the finished ones, in job order. Returns early (with what finished)
     * once {@code stop} turns true.
     *
     * @param jobs   the jobs
     * @param master where to run (for Spark: a master URL such as {@code local[2]}, or {@code submit} for the
     *               master spark-submit gave)
     * @param onRow  told each finished row, as it comes (progress)
     * @param stop   polled: true asks the runner to cancel what is still running
     * @param onFailure told why the run could not finish (a job that kept failing); the rows of the jobs that
     *                  finished are still returned
     */
    List<LeagueRow> run(List<LeagueJob> jobs, String master, Consumer<LeagueRow> onRow, BooleanSupplier stop,
                        Consumer<Throwable> onFailure);

    /** The runner of that name on the class path, or null. */
    static LeagueRunner find(String name) {
        for (LeagueRunner r : java.util.ServiceLoader.load(LeagueRunner.class)) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
