package dev.carousel.bench.cli;

import dev.carousel.bench.harness.CellChoice;
import dev.carousel.bench.harness.LearnerFactory;
import dev.carousel.bench.harness.NetworkPlan;
import dev.carousel.bench.harness.Reproduction;
import dev.carousel.bench.harness.ReproductionReport;
import dev.carousel.bench.harness.TrialResult;
import dev.carousel.reference.MemoryBlockGradient;
import dev.carousel.reference.UpdateTiming;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.DelayTasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carousel reproduce <task|all> [--impl ...] [--cell ...] [--trials N] [--seed S] [--quick]}: trains the
 * Hochreiter &amp; Schmidhuber 1997 experiments to the paper's success criteria and reports them next to the paper.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduce the Hochreiter & Schmidhuber 1997 long-time-lag experiments.",
            "Tasks: all, or ids with optional parameters, e.g. 4, 4:T=500, 2c:q=1000,p=50.",
            "Ctrl-C stops early and still writes what has finished."})
public final class ReproduceCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "TASK", description = "all, or task ids: ${COMPLETION-CANDIDATES}",
            completionCandidates = TaskIds.class)
    List<String> taskSpecs;

    @Option(names = "--impl", defaultValue = "reference",
            description = "backend: reference (on-line, float64, the paper's protocol), dl4j or djl (minibatch);"
                    + " default ${DEFAULT-VALUE}")
    String impl;

    @Option(names = "--cell", defaultValue = "lstm1997",
            description = "lstm1997 (the paper's memory blocks), peephole, gru or rnn; default ${DEFAULT-VALUE}")
    String cell;

    @Option(names = "--gradient", defaultValue = "truncated",
            description = "gradient of the paper's memory blocks on the reference backend: truncated (the paper's "
                    + "rule: error crosses time steps only inside the constant error carousels) or exact (BPTT); "
                    + "default ${DEFAULT-VALUE}")
    String gradient;

    @Option(names = "--update",
            description = "when the reference backend changes the weights: step (after every target step, the "
                    + "paper's real-time rule; memory blocks only) or sequence (once per sequence); default: step "
                    + "for the paper's memory blocks with the truncated gradient, sequence otherwise")
    String update;

    @Option(names = "--trials", description = "trials per task (default: 1 with --quick, else 10)")
    Integer trials;

    @Option(names = "--seed", defaultValue = "1997", description = "base seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quick", description = "the ten-minute version: small windows, test sets and budgets")
    boolean quick;

    @Option(names = "--budget", description = "training sequences per trial (default: per task, see Budgets)")
    Long budget;

    @Option(names = "--threads", description = "parallel trials (default: cores, 1 for native backends)")
    Integer threads;

    @Option(names = "--out", description = "results folder (default results/reproduce/<impl>-<cell>[-quick])")
    Path out;

    /** The completion candidates of TASK. */
    static final class TaskIds extends ArrayList<String> {
        TaskIds() {
            super(DelayTasks.ids());
            add(0, "all");
        }
    }

    @Override
    public Integer call() throws Exception {
        List<DelayTask> tasks = new ArrayList<>();
        for (String spec : taskSpecs) {
            if (spec.equals("all")) {
                DelayTasks.ids().forEach(id -> tasks.add(DelayTasks.create(id)));
            } else {
                tasks.add(DelayTasks.parse(spec));
            }
        }
        CellChoice cellChoice = CellChoice.parse(cell);
        MemoryBlockGradient blockGradient;
        switch (gradient) {
            case "truncated":
                blockGradient = MemoryBlockGradient.TRUNCATED_1997;
                break;
            case "exact":
                blockGradient = MemoryBlockGradient.EXACT;
                break;
            default:
                throw new IllegalArgumentException("--gradient: expected truncated or exact, got '" + gradient + "'");
        }
        UpdateTiming updateTiming = update == null ? null : switch (update) {
            case "step" -> UpdateTiming.STEP;
            case "sequence" -> UpdateTiming.SEQUENCE;
            default -> throw new IllegalArgumentException("--update: expected step or sequence, got '" + update + "'");
        };
        NetworkPlan.checkUpdate(updateTiming, impl, cellChoice, blockGradient, tasks);
        LearnerFactory factory = NetworkPlan.withUpdate(LearnerFactory.forName(impl), updateTiming);
        int n = trials != null ? trials : quick ? 1 : 10;
        int workers = threads != null ? threads
                : factory.parallelTrials() ? Runtime.getRuntime().availableProcessors() : 1;
        Path dir = out != null ? out
                : Path.of("results", "reproduce", impl + "-" + cellChoice.key() + (quick ? "-quick" : ""));

        Reproduction reproduction = new Reproduction();
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            reproduction.requestStop();
            try {
                written.await(60, TimeUnit.SECONDS);         // let the main thread write what finished
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);

        long total = Reproduction.totalBudget(tasks, n, quick, budget);
        long start = System.nanoTime();
        List<TrialResult> results;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("reproduce").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).setUnit(" seq", 1)
                .showSpeed().continuousUpdate().build()) {
            results = reproduction.run(tasks, impl, factory, cellChoice, blockGradient, n, seed, quick, budget,
                    workers, bar::stepBy);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", "carousel reproduce " + String.join(" ", taskSpecs) + " --impl " + impl + " --cell "
                + cellChoice.key() + " --gradient " + gradient + (update != null ? " --update " + update : "")
                + " --trials " + n + " --seed " + seed
                + (quick ? " --quick" : "")
                + (budget != null ? " --budget " + budget : ""));
        run.put("gradient", gradient);
        run.put("update", update != null ? update
                : impl.equals("reference") && cellChoice == CellChoice.LSTM1997
                        && blockGradient == MemoryBlockGradient.TRUNCATED_1997
                        ? "step (the paper's memory blocks; sequence for adding, copy)" : "sequence");
        run.put("threads", workers);
        run.put("seconds", Math.round(seconds));
        run.put("interrupted", reproduction.stopRequested());
        ReproductionReport.write(dir, tasks, results, run, quick);
        System.out.println(ReproductionReport.markdown(ReproductionReport.summarise(tasks, results, quick), run));
        System.out.println("results: " + dir.toAbsolutePath());
        written.countDown();
        if (!reproduction.stopRequested()) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (!reproduction.failures().isEmpty()) {
            System.err.println(reproduction.failures().size() + " trial(s) failed; first: "
                    + reproduction.failures().get(0));
            return CarouselCli.EXIT_FAILED;
        }
        return 0;
    }
}
