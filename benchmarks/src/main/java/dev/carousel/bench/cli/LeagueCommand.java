package dev.carousel.bench.cli;

import dev.carousel.bench.harness.CellChoice;
import dev.carousel.bench.harness.LearnerFactory;
import dev.carousel.bench.harness.MinibatchPlan;
import dev.carousel.bench.league.League;
import dev.carousel.bench.league.LeagueJob;
import dev.carousel.bench.league.LeagueReport;
import dev.carousel.bench.league.LeagueResume;
import dev.carousel.bench.league.LeagueRow;
import dev.carousel.bench.league.LeagueRunner;
import dev.carousel.tasks.DelayTasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carousel league [--cells ...] [--tasks ...] [--impl ...] [--trials N] [--quick] [--spark MASTER]}: trains
 * every cell on every delay task and tabulates success rates, sequences to success, test errors and wall times.
 */
@Command(name = "league", mixinStandardHelpOptions = true,
        description = {"Train every cell on every delay task (the delay-task league) and tabulate the results.",
            "Lists are comma-separated; a task may carry parameters (4:T=500, 2c:q=1000,p=50).",
            "Ctrl-C (or SIGTERM) stops within seconds and writes the report of the finished trials.",
            "Details: docs/league.md"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a trial failed, or the run was interrupted (the report holds what finished)",
                "2:usage error", "130/143:stopped by Ctrl-C / SIGTERM"})
public final class LeagueCommand implements Callable<Integer> {
    /** The name of the Spark runner ({@link LeagueRunner#name()}). */
    static final String SPARK = "spark";

    @Spec
    CommandSpec spec;

    @Option(names = "--cells", defaultValue = "all",
            description = "all, or cells: lstm1997 (the paper's memory blocks on the reference), peephole, np, nfg, "
                    + "cifg, gru (reset-after), gru-before, rnn; default ${DEFAULT-VALUE}")
    String cells;

    @Option(names = "--tasks", defaultValue = "all",
            description = "all, or task specs: 1, 2a, 2b, 2c, 3a, 3b, 3c, 4, 5, 6a, 6b, adding, copy, with optional "
                    + "parameters (4:T=500); default ${DEFAULT-VALUE}")
    String tasks;

    @Option(names = "--impl", defaultValue = "reference",
            description = "backends: reference (on-line, float64, the paper's protocol), dl4j, djl (minibatch 32, "
                    + "Adam); a list is allowed; default ${DEFAULT-VALUE}")
    String impl;

    @Option(names = "--trials", description = "trials per backend, cell and task (default: 1 with --quick, else 10)")
    Integer trials;

    @Option(names = "--seed", defaultValue = "1997", description = "base seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quick", description = "smaller stopping windows, test sets and budgets (as reproduce --quick)")
    boolean quick;

    @Option(names = "--budget", description = "training sequences per trial (default: per task, as reproduce)")
    Long budget;

    @Option(names = "--threads", description = "parallel trials in this JVM (default: the cores; DL4J and DJL "
            + "trials still run one at a time)")
    Integer threads;

    @Option(names = "--spark", paramLabel = "MASTER", description = "run the trials as a Spark job: a master URL "
            + "(local[2], spark://host:7077, ...) or 'submit' for the master spark-submit gave; needs the module "
            + "carousel-spark on the class path (docs/league.md#spark)")
    String spark;

    @Option(names = "--out", description = "output folder (default runs/league/<impls>[-quick], git-ignored)")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "take the finished trials of an earlier run's "
            + "report (DIR/league.json, same --quick and --budget) and run only the others; may equal --out")
    Path resume;

    /** The validated arguments, before any work starts. */
    record Plan(List<String> tasks, List<CellChoice> cells, List<String> impls, int trials, int threads,
                LeagueRunner runner, Path dir, List<LeagueJob> jobs, List<String> notes,
                Map<LeagueJob, LeagueRow> resumed) {
        /** The jobs that still have to run. */
        List<LeagueJob> toRun() {
            return jobs.stream().filter(j -> !resumed.containsKey(j)).toList();
        }

        /** The resumed rows and {@code ran} in job order. */
        List<LeagueRow> merge(List<LeagueRow> ran) {
            Map<String, LeagueRow> byJob = new java.util.HashMap<>();
            for (LeagueRow r : ran) {
                byJob.put(LeagueResume.key(r), r);
            }
            List<LeagueRow> all = new ArrayList<>();
            for (LeagueJob j : jobs) {
                LeagueRow r = resumed.containsKey(j) ? resumed.get(j) : byJob.get(LeagueResume.key(j));
                if (r != null) {
                    all.add(r);
                }
            }
            return all;
        }
    }

    /** Splits a task list at the commas that start a new task (not those between a task's parameters). */
    static List<String> splitTasks(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",(?=[^,=]*(:|,|$))")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    Plan validate() {
        List<String> taskList = new ArrayList<>();
        for (String t : splitTasks(tasks)) {
            if (t.equals("all")) {
                taskList.addAll(DelayTasks.ids());
                continue;
            }
            try {
                DelayTasks.parse(t);
            } catch (IllegalArgumentException e) {
                throw Cli.invalid(spec, "--tasks", t, e.getMessage());
            }
            taskList.add(t);
        }
        taskList = List.copyOf(new LinkedHashSet<>(taskList));
        if (taskList.isEmpty()) {
            throw Cli.invalid(spec, "--tasks", tasks, "expected all or task ids");
        }
        List<CellChoice> cellList = new ArrayList<>();
        for (String c : splitList(cells)) {
            if (c.equals("all")) {
                cellList.addAll(List.of(CellChoice.values()));
                continue;
            }
            try {
                cellList.add(CellChoice.parse(c));
            } catch (IllegalArgumentException e) {
                throw Cli.invalid(spec, "--cells", c, "expected all or cells among " + CellChoice.keys());
            }
        }
        cellList = List.copyOf(new LinkedHashSet<>(cellList));
        if (cellList.isEmpty()) {
            throw Cli.invalid(spec, "--cells", cells, "expected all or cells among " + CellChoice.keys());
        }
        List<String> impls = List.copyOf(new LinkedHashSet<>(splitList(impl)));
        for (String i : impls) {
            if (!LearnerFactory.registry().containsKey(i)) {
                throw Cli.invalid(spec, "--impl", i, "expected reference, dl4j or djl");
            }
        }
        if (impls.isEmpty()) {
            throw Cli.invalid(spec, "--impl", impl, "expected reference, dl4j or djl");
        }
        Cli.atLeast(spec, "--trials", trials, 1);
        Cli.atLeast(spec, "--budget", budget, 1);
        Cli.atLeast(spec, "--threads", threads, 1);
        LeagueRunner runner = null;
        if (spark != null) {
            if (spark.isBlank()) {
                throw Cli.invalid(spec, "--spark", spark, "expected a master URL such as local[2], or submit");
            }
            if (threads != null) {
                throw Cli.invalid(spec, "--threads", threads, "applies to the in-process pool only; with --spark "
                        + "the master sets the parallelism, e.g. local[4]");
            }
            runner = LeagueRunner.find(SPARK);
            if (runner == null) {
                throw Cli.invalid(spec, "--spark", spark, "the Spark runner (module carousel-spark) is not on the "
                        + "class path; run java -cp carousel-spark/target/carousel-spark-<version>-spark.jar "
                        + "dev.carousel.spark.SparkLeague or spark-submit (docs/league.md#spark)");
            }
        }
        int n = trials != null ? trials : quick ? 1 : 10;
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Path dir = out != null ? out : Cli.defaultOut("league", String.join("-", impls) + (quick ? "-quick" : ""));
        LeagueResume earlier = null;
        if (resume != null) {
            try {
                earlier = LeagueResume.read(resume);
            } catch (IllegalArgumentException e) {
                throw Cli.invalid(spec, "--resume", resume, e.getMessage());
            }
            String why = earlier.incompatibility(quick, budget);
            if (why != null) {
                throw Cli.invalid(spec, "--resume", resume, why);
            }
        }
        Cli.writableFolder(spec, "--out", dir);
        List<String> notes = new ArrayList<>();
        for (String i : impls) {
            notes.add(protocol(i));
        }
        for (String i : impls) {
            for (CellChoice c : cellList) {
                String why = LeagueJob.unsupported(i, c);
                if (why != null) {
                    notes.add(i + " x " + c.key() + ": not run (" + why + ")");
                }
            }
        }
        List<LeagueJob> jobs = League.jobs(taskList, cellList, impls, n, seed, quick, budget);
        Map<LeagueJob, LeagueRow> resumed = new LinkedHashMap<>();
        if (earlier != null) {
            for (LeagueJob j : jobs) {
                LeagueRow r = earlier.finished(j);
                if (r != null) {
                    resumed.put(j, r);
                }
            }
            notes.add("resumed: " + resumed.size() + " of " + jobs.size() + " trials taken from " + earlier.file()
                    + " (their wall times as recorded there)");
        }
        return new Plan(taskList, cellList, impls, n, workers, runner, dir, jobs, notes, resumed);
    }

    /** The training protocol of a backend, for the report. */
    static String protocol(String impl) {
        if (impl.equals("reference")) {
            return "reference: the paper's protocol, on-line (one sequence at a time), float64. On the 1997 tasks "
                    + "lstm1997 is the paper's memory-block network (Table 10 topology, truncated gradient, weights "
                    + "updated after every target step) and the other cells have one unit per paper cell, exact "
                    + "BPTT and one update per sequence, all with gradient steps of the paper's alpha; adding and "
                    + "copy: H=32, Adam 1e-2, one update per sequence";
        }
        return impl + ": minibatch " + MinibatchPlan.BATCH + " padded sequences, Adam " + MinibatchPlan.LEARNING_RATE
                + ", float32, exact BPTT, Carousel's cells (lstm1997: the LSTM with the 1997 flags, not the paper's "
                + "memory blocks), one unit per paper cell (H=32 on adding, copy)";
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = validate();
        League league = new League();
        List<LeagueRow> rows;
        long start = System.nanoTime();
        try (Cli.Interruption interruption = new Cli.Interruption(league::requestStop)) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("league").setInitialMax(plan.toRun().size())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).setUnit(" trials", 1)
                    .continuousUpdate().build()) {
                Consumer<LeagueRow> onRow = r -> {
                    synchronized (bar) {
                        bar.step();
                        bar.setExtraMessage(String.format(Locale.ROOT, " last: %s %s task %s %s", r.impl(), r.cell(),
                                r.task(), r.success() ? "solved" : "not solved"));
                    }
                };
                List<LeagueRow> ran = plan.runner() != null
                        ? plan.runner().run(plan.toRun(), spark, onRow, league::stopRequested,
                                league::recordFailure)
                        : league.run(plan.toRun(), plan.threads(), onRow);
                rows = plan.merge(ran);
            }
            boolean interrupted = league.stopRequested();
            List<String> notes = new ArrayList<>(plan.notes());
            if (interrupted) {
                notes.add("interrupted: " + rows.size() + " of " + plan.jobs().size() + " trials finished and are "
                        + "reported");
            }
            LeagueReport.write(plan.dir(), rows, plan.impls(), plan.cells().stream().map(CellChoice::key).toList(),
                    plan.tasks(), runInfo(plan, (System.nanoTime() - start) / 1e9, interrupted), notes);
            interruption.reportWritten();
            if (interrupted) {
                System.err.println("carousel league: interrupted; " + rows.size() + " trial(s) reported in "
                        + plan.dir().toAbsolutePath());
                return CarouselCli.EXIT_FAILED;
            }
            System.out.println(LeagueReport.markdown(LeagueReport.summarise(rows, plan.impls(),
                    plan.cells().stream().map(CellChoice::key).toList(), plan.tasks()), Map.of(), List.of()));
            System.out.println("results: " + plan.dir().toAbsolutePath());
        }
        if (!league.failures().isEmpty()) {
            System.err.println("carousel league: " + league.failures().size() + " failure(s); first: "
                    + league.failures().get(0));
            return CarouselCli.EXIT_FAILED;
        }
        return 0;
    }

    private Map<String, Object> runInfo(Plan plan, double seconds, boolean interrupted) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", "carousel league --cells " + String.join(",", plan.cells().stream().map(CellChoice::key)
                .toList()) + " --tasks " + String.join(",", plan.tasks()) + " --impl " + String.join(",", plan.impls())
                + " --trials " + plan.trials() + " --seed " + seed + (quick ? " --quick" : "")
                + (budget != null ? " --budget " + budget : "") + (spark != null ? " --spark " + spark : "")
                + (resume != null ? " --resume " + resume : ""));
        run.put("runner", spark != null ? "spark " + spark : "thread pool, " + plan.threads() + " thread(s)");
        run.put("jobs", plan.jobs().size());
        if (!plan.resumed().isEmpty()) {
            run.put("resumed", plan.resumed().size());
        }
        run.put("seconds", Math.round(seconds));
        run.put("interrupted", interrupted);
        return run;
    }
}
