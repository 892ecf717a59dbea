package dev.carousel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.bench.harness.CellChoice;
import dev.carousel.bench.league.League;
import dev.carousel.bench.league.LeagueJob;
import dev.carousel.bench.league.LeagueReport;
import dev.carousel.bench.league.LeagueRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Spark runner in local mode ({@code local[2,3]}: two worker threads, three attempts per task) against the
 * in-process thread pool, on tiny budgets.
 */
@Timeout(60)
class SparkLeagueRunnerTest {
    /** Failures injected on first attempts (the executors run in this JVM in local mode). */
    static final AtomicInteger INJECTED = new AtomicInteger();

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(SparkLeagueRunner.conf("local[2,3]"));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    private static List<LeagueJob> jobs() {
        return League.jobs(List.of("4:T=20", "2a:p=10"), List.of(CellChoice.RNN, CellChoice.GRU_BEFORE,
                CellChoice.NP), List.of("reference"), 2, 11, true, 40L);
    }

    /** The rows as JSON text without the wall times (the only field that may differ between runs). */
    private static String json(List<LeagueRow> rows) {
        return LeagueReport.json(rows.stream().map(LeagueRow::withoutTiming).toList(), List.of(),
                new java.util.LinkedHashMap<>());
    }

    private static List<LeagueRow> spark(SparkLeagueRunner.JobFunction f, List<Throwable> failures) {
        List<LeagueRow> seen = new ArrayList<>();
        List<LeagueRow> rows = SparkLeagueRunner.run(sc, jobs(), f, r -> {
            synchronized (seen) {
                seen.add(r);
            }
        }, () -> false, failures::add);
        assertEquals(rows.size(), seen.size(), "every row reported as it came");
        return rows;
    }

    @Test
    void sparkAndTheThreadPoolGiveIdenticalRows() throws Exception {
        List<LeagueRow> pool = new League().run(jobs(), 2, r -> { });
        List<Throwable> failures = new ArrayList<>();
        List<LeagueRow> spark = spark(SparkLeagueRunner.TRIAL, failures);
        assertEquals(List.of(), failures);
        assertEquals(12, spark.size());
        assertEquals(json(pool), json(spark));
    }

    @Test
    void aJobThatFailsOnItsFirstAttemptIsRetriedWithTheSameResult() throws Exception {
        List<LeagueRow> pool = new League().run(jobs(), 2, r -> { });
        INJECTED.set(0);
        long failingSeed = jobs().get(3).seed();
        String failingCell = jobs().get(3).cell();
        SparkLeagueRunner.JobFunction flaky = (job, stop) -> {
            if (job.seed() == failingSeed && job.cell().equals(failingCell)
                    && TaskContext.get().attemptNumber() == 0) {
                SparkLeagueRunnerTest.INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of the first attempt");
            }
            return SparkLeagueRunner.TRIAL.apply(job, stop);
        };
        List<Throwable> failures = new ArrayList<>();
        List<LeagueRow> spark = spark(flaky, failures);
        assertEquals(1, INJECTED.get(), "the first attempt failed");
        assertEquals(List.of(), failures);
        assertEquals(json(pool), json(spark));
    }

    @Test
    void aJobThatAlwaysFailsIsReportedAndTheOthersKept() {
        long failingSeed = jobs().get(0).seed();
        SparkLeagueRunner.JobFunction broken = (job, stop) -> {
            if (job.seed() == failingSeed && job.cell().equals("rnn") && job.task().equals("4:T=20")) {
                throw new IllegalStateException("always fails");
            }
            return SparkLeagueRunner.TRIAL.apply(job, stop);
        };
        List<Throwable> failures = new ArrayList<>();
        List<LeagueRow> rows = SparkLeagueRunner.run(sc, jobs(), broken, r -> { }, () -> false, failures::add);
        assertEquals(1, failures.size());
        assertTrue(String.valueOf(failures.get(0).getMessage()).contains("always fails"), failures.get(0).toString());
        assertTrue(rows.size() < 12, "the failing job has no row: " + rows.size());
    }

    @Test
    void aStoppedRunReturnsTheFinishedRows() {
        List<LeagueJob> many = League.jobs(List.of("4:T=20"), List.of(CellChoice.RNN), List.of("reference"), 400,
                5, true, 2000L);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger seen = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        long start = System.nanoTime();
        List<LeagueRow> rows = SparkLeagueRunner.run(sc, many, SparkLeagueRunner.TRIAL, r -> {
            if (seen.incrementAndGet() == 4) {
                stop.set(true);
            }
        }, stop::get, failures::add);
        assertEquals(List.of(), failures);
        assertTrue(rows.size() >= 4 && rows.size() < many.size(), "finished rows: " + rows.size());
        assertEquals(seen.get(), rows.size());
        assertTrue(rows.stream().noneMatch(LeagueRow::interrupted));
        assertTrue((System.nanoTime() - start) / 1e9 < 50, "stopped early");
    }
}
