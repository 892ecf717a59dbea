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
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carousel reproduce <task|all> [--impl ...] [--cell ...] [--trials N] [--seed S] [--quick]}: trains the
 * Hochreiter &amp; Schmidhuber 1997 experiments to the paper's success criteria and reports them next to the paper.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduce the Hochreiter & Schmidhuber 1997 long-time-lag experiments.",
            "Tasks: all, or ids with optional parameters, e.g. 4, 4:T=500, 2c:q=1000,p=50.",
            "Ctrl-C (or SIGTERM) stops within seconds and writes the report of what has finished.",
            "Details: docs/reproduction.md"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a trial failed, or the run was interrupted (the report holds what finished)",
                "2:usage error", "130/143:stopped by Ctrl-C / SIGTERM"})
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TASK", description = "all, or task ids: ${COMPLETION-CANDIDATES}",
            completionCandidates = TaskIds.class)
    List<String> taskSpecs;

    @Option(names = "--impl", defaultValue = "reference",
            description = "backend: reference (on-line, float64, the paper's protocol), dl4j or djl (minibatch);"
                    + " default ${DEFAULT-VALUE}")
    String impl;

    @Option(names = "--cell", defaultValue = "lstm1997",
            description = "lstm1997 (the paper's memory blocks), peephole, np, nfg, cifg, gru (reset-after), gru-before "
                    + "or rnn; default ${DEFAULT-VALUE}")
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

    @Option(names = "--input-gate-bias", paramLabel = "B[,B...]", split = ",",
            description = "a labelled DEVIATION from the paper's set-up: fixed input-gate biases, one per memory "
                    + "block (the remedy against state drift of the paper's Section 4), for the paper's memory "
                    + "blocks on the reference backend; rows without biases get gate biases "
                    + "(docs/reproduction.md#labelled-deviations)")
    double[] inputGateBias;

    @Option(names = "--trials", description = "trials per task (default: 1 with --quick, else 10)")
    Integer trials;

    @Option(names = "--seed", defaultValue = "1997", description = "base seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quick", description = "smaller stopping windows, test sets and budgets (docs/reproduction.md#what-a-trial-does)")
    boolean quick;

    @Option(names = "--budget", description = "training sequences per trial (default: per task, docs/reproduction.md#what-a-trial-does)")
    Long budget;

    @Option(names = "--threads", description = "parallel trials (default: cores, 1 for native backends)")
    Integer threads;

    @Option(names = "--out", description = "output folder (default runs/reproduce/<impl>-<cell>[-quick], git-ignored; the committed results/ are "
                    + "written with an explicit --out)")
    Path out;

    /** The completion candidates of TASK. */
    static final class TaskIds extends ArrayList<String> {
        TaskIds() {
            super(DelayTasks.ids());
            add(0, "all");
        }
    }

    /** The validated arguments, before any work starts. */
    private record Plan(List<DelayTask> tasks, CellChoice cell, MemoryBlockGradient gradient, LearnerFactory factory,
                        int trials, int workers, Path dir) {
    }

    private Plan validate() {
        List<DelayTask> tasks = new ArrayList<>();
        for (String t : taskSpecs) {
            if (t.equals("all")) {
                DelayTasks.ids().forEach(id -> tasks.add(DelayTasks.create(id)));
                continue;
            }
            try {
                tasks.add(DelayTasks.parse(t));
            } catch (IllegalArgumentException e) {
                throw Cli.invalid(spec, "TASK", t, e.getMessage() + "; see carousel reproduce --help");
            }
        }
        CellChoice cellChoice;
        try {
            cellChoice = CellChoice.parse(cell);
        } catch (IllegalArgumentException e) {
            throw Cli.invalid(spec, "--cell", cell, "expected one of " + CellChoice.keys());
        }
        MemoryBlockGradient blockGradient;
        switch (gradient) {
            case "truncated" -> blockGradient = MemoryBlockGradient.TRUNCATED_1997;
            case "exact" -> blockGradient = MemoryBlockGradient.EXACT;
            default -> throw Cli.invalid(spec, "--gradient", gradient, "expected truncated or exact");
        }
        LearnerFactory factory;
        try {
            factory = LearnerFactory.forName(impl);
        } catch (IllegalArgumentException e) {
            throw Cli.invalid(spec, "--impl", impl, "expected reference, dl4j or djl");
        }
        UpdateTiming updateTiming = null;
        if (update != null) {
            switch (update) {
                case "step" -> updateTiming = UpdateTiming.STEP;
                case "sequence" -> updateTiming = UpdateTiming.SEQUENCE;
                default -> throw Cli.invalid(spec, "--update", update, "expected step or sequence");
            }
        }
        try {
            NetworkPlan.checkUpdate(updateTiming, impl, cellChoice, blockGradient, tasks);
        } catch (IllegalArgumentException e) {
            throw Cli.invalid(spec, "--update", update, e.getMessage());
        }
        factory = NetworkPlan.withUpdate(factory, updateTiming);
        if (inputGateBias != null) {
            String value = biasText();
            if (!impl.equals("reference") || cellChoice != CellChoice.LSTM1997) {
                throw Cli.invalid(spec, "--input-gate-bias", value, "applies to the paper's memory blocks only "
                        + "(--impl reference --cell lstm1997); got --impl " + impl + " --cell " + cellChoice.key());
            }
            for (DelayTask t : tasks) {
                int blocks = dev.carousel.tasks.Hs97Architectures.forTask(t).map(a -> a.blocks()).orElse(-1);
                if (blocks < 0) {
                    throw Cli.invalid(spec, "--input-gate-bias", value, "task " + t.id() + " has no memory-block "
                            + "network in the paper");
                }
                if (blocks != inputGateBias.length) {
                    throw Cli.invalid(spec, "--input-gate-bias", value, "expected one value per memory block: task "
                            + t.id() + " has " + blocks + ", got " + inputGateBias.length);
                }
            }
            factory = NetworkPlan.withInputGateBias(factory, inputGateBias);
        }
        Cli.atLeast(spec, "--trials", trials, 1);
        Cli.atLeast(spec, "--budget", budget, 1);
        Cli.atLeast(spec, "--threads", threads, 1);
        int n = trials != null ? trials : quick ? 1 : 10;
        int workers = threads != null ? threads
                : factory.parallelTrials() ? Runtime.getRuntime().availableProcessors() : 1;
        Path dir = out != null ? out
                : Cli.defaultOut("reproduce", impl + "-" + cellChoice.key() + (quick ? "-quick" : ""));
        Cli.writableFolder(spec, "--out", dir);
        return new Plan(tasks, cellChoice, blockGradient, factory, n, workers, dir);
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = validate();
        Reproduction reproduction = new Reproduction();
        try (Cli.Interruption interruption = new Cli.Interruption(reproduction::requestStop)) {
            long total = Reproduction.totalBudget(plan.tasks(), plan.trials(), quick, budget);
            long start = System.nanoTime();
            List<TrialResult> results;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("reproduce").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).setUnit(" seq", 1)
                    .showSpeed().continuousUpdate().build()) {
                results = reproduction.run(plan.tasks(), impl, plan.factory(), plan.cell(), plan.gradient(),
                        plan.trials(), seed, quick, budget, plan.workers(), bar::stepBy);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("command", "carousel reproduce " + String.join(" ", taskSpecs) + " --impl " + impl + " --cell "
                    + plan.cell().key() + " --gradient " + gradient + (update != null ? " --update " + update : "")
                    + " --trials " + plan.trials() + " --seed " + seed
                    + (quick ? " --quick" : "")
                    + (budget != null ? " --budget " + budget : "")
                    + (inputGateBias != null ? " --input-gate-bias " + biasText() : ""));
            if (inputGateBias != null) {
                run.put("deviation", "input-gate biases fixed at " + java.util.Arrays.toString(inputGateBias)
                        + " (not the paper's set-up for these tasks; its Section 4 remedy against state drift)");
            }
            run.put("gradient", gradient);
            run.put("update", update != null ? update
                    : impl.equals("reference") && plan.cell() == CellChoice.LSTM1997
                            && plan.gradient() == MemoryBlockGradient.TRUNCATED_1997
                            ? "step (the paper's memory blocks; sequence for adding, copy)" : "sequence");
            run.put("threads", plan.workers());
            run.put("seconds", Math.round(seconds));
            run.put("interrupted", reproduction.stopRequested());
            ReproductionReport.write(plan.dir(), plan.tasks(), results, run, quick);
            interruption.reportWritten();
            if (interruption.stopRequested()) {
                System.err.println("carousel reproduce: interrupted; " + results.size()
                        + " trial(s) reported in " + plan.dir().toAbsolutePath());
                return CarouselCli.EXIT_FAILED;
            }
            System.out.println(ReproductionReport.markdown(ReproductionReport.summarise(plan.tasks(), results,
                    quick), run));
            System.out.println("results: " + plan.dir().toAbsolutePath());
        }
        if (!reproduction.failures().isEmpty()) {
            System.err.println(reproduction.failures().size() + " trial(s) failed; first: "
                    + reproduction.failures().get(0));
            return CarouselCli.EXIT_FAILED;
        }
        return 0;
    }

    /** The --input-gate-bias values as given, comma-separated ("-2.0,-4.0"). */
    private String biasText() {
        return java.util.Arrays.stream(inputGateBias).mapToObj(Double::toString)
                .collect(java.util.stream.Collectors.joining(","));
    }
}
