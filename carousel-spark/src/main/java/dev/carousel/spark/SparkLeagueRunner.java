package dev.carousel.spark;

import dev.carousel.bench.league.LeagueJob;
import dev.carousel.bench.league.LeagueRow;
import dev.carousel.bench.league.LeagueRunner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs league jobs as one Spark job: an RDD of the jobs with one partition per job, each task running its trial;
 * every finished row comes back to the driver as soon as its task ends (progress, and the rows kept when the run
 * is stopped). A failed task is retried by Spark ({@code spark.task.maxFailures}; in local mode the master
 * {@code local[N,F]} allows F attempts): a job depends only on its seed, so a retry gives the same row. Found by
 * {@code carousel league --spark MASTER} through {@link java.util.ServiceLoader}.
 */
public final class SparkLeagueRunner implements LeagueRunner {

    /** What a Spark task does with its job; serializable (it travels to the executors). */
    @FunctionalInterface
    public interface JobFunction extends Serializable {
        LeagueRow apply(LeagueJob job, BooleanSupplier stop);
    }

    /** The trial itself. */
    public static final JobFunction TRIAL = (job, stop) -> job.run(n -> { }, stop);

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public List<LeagueRow> run(List<LeagueJob> jobs, String master, Consumer<LeagueRow> onRow, BooleanSupplier stop,
                               Consumer<Throwable> onFailure) {
        try (JavaSparkContext sc = new JavaSparkContext(conf(master))) {
            sc.setLogLevel("WARN");
            return run(sc, jobs, TRIAL, onRow, stop, onFailure);
        }
    }

    /**
     * The Spark configuration: the master URL, or for {@code submit} the one spark-submit set. Local masters run
     * without the web UI and bind to the loopback address.
     */
    public static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("carousel-league");
        if (!master.equals("submit")) {
            conf.setMaster(master);
        }
        if (master.startsWith("local")) {
            conf.set("spark.ui.enabled", "false");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
            conf.set("spark.driver.host", "localhost");
        }
        return conf;
    }

    /**
     * Runs {@code jobs} on {@code sc} with {@code function} and returns the finished rows in job order.
     *
     * @param stop polled every 200 ms while the job runs: true cancels it (running trials end after their current
     *             update and are dropped; the finished rows are returned)
     */
    public static List<LeagueRow> run(JavaSparkContext sc, List<LeagueJob> jobs, JobFunction function,
                                      Consumer<LeagueRow> onRow, BooleanSupplier stop,
                                      Consumer<Throwable> onFailure) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        JavaRDD<LeagueJob> rdd = sc.parallelize(jobs, jobs.size());
        LeagueRow[][] slots = new LeagueRow[jobs.size()][];
        List<Object> partitions = new ArrayList<>();
        for (int p = 0; p < rdd.getNumPartitions(); p++) {
            partitions.add(p);
        }
        String group = "carousel-league-" + System.nanoTime();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (stop.getAsBoolean()) {
                    sc.cancelJobGroup(group);
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "carousel-league-stop");
        watcher.setDaemon(true);
        sc.setJobGroup(group, "carousel league: " + jobs.size() + " trials", true);
        watcher.start();
        try {
            sc.sc().runJob(rdd.rdd(), new PartitionTrials(function),
                    JavaConverters.asScalaBufferConverter(partitions).asScala().toSeq(),
                    new Collect(slots, onRow), scala.reflect.ClassTag$.MODULE$.apply(LeagueRow[].class));
        } catch (Exception e) {                      // SparkException (checked, thrown through Scala): a job
            if (!stop.getAsBoolean()) {                 // failed more than maxFailures times, or was cancelled
                onFailure.accept(e);
            }
        } finally {
            watcher.interrupt();
            sc.clearJobGroup();
        }
        List<LeagueRow> rows = new ArrayList<>();
        synchronized (slots) {
            for (LeagueRow[] s : slots) {
                if (s != null) {
                    for (LeagueRow r : s) {
                        if (!r.interrupted()) {
                            rows.add(r);
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** The executor side: the rows of one partition's jobs. */
    private static final class PartitionTrials
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<LeagueJob>, LeagueRow[]>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final JobFunction function;

        PartitionTrials(JobFunction function) {
            this.function = function;
        }

        @Override
        public LeagueRow[] apply(TaskContext context, scala.collection.Iterator<LeagueJob> jobs) {
            List<LeagueRow> rows = new ArrayList<>();
            while (jobs.hasNext()) {
                rows.add(function.apply(jobs.next(), context::isInterrupted));
            }
            return rows.toArray(new LeagueRow[0]);
        }
    }

    /** The driver side: keeps each finished partition's rows and reports them. */
    private static final class Collect extends AbstractFunction2<Object, LeagueRow[], BoxedUnit> {
        private final LeagueRow[][] slots;
        private final Consumer<LeagueRow> onRow;

        Collect(LeagueRow[][] slots, Consumer<LeagueRow> onRow) {
            this.slots = slots;
            this.onRow = onRow;
        }

        @Override
        public BoxedUnit apply(Object partition, LeagueRow[] rows) {
            synchronized (slots) {
                slots[(Integer) partition] = rows;
            }
            for (LeagueRow r : rows) {
                if (!r.interrupted()) {
                    onRow.accept(r);
                }
            }
            return BoxedUnit.UNIT;
        }
    }
}
