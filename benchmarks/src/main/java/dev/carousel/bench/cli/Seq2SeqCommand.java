package dev.carousel.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.carousel.bench.report.AtomicFiles;
import dev.carousel.bench.report.MachineInfo;
import dev.carousel.bench.seq2seq.AttentionHeatmap;
import dev.carousel.bench.seq2seq.Seq2SeqBackends;
import dev.carousel.bench.seq2seq.Seq2SeqSetup;
import dev.carousel.spec.decoding.BeamSearch;
import dev.carousel.spec.decoding.Hypothesis;
import dev.carousel.tasks.seq2seq.AttentionMap;
import dev.carousel.tasks.seq2seq.HeldOutSplit;
import dev.carousel.tasks.seq2seq.Seq2SeqDataset;
import dev.carousel.tasks.seq2seq.Seq2SeqExample;
import dev.carousel.tasks.seq2seq.Seq2SeqLearner;
import dev.carousel.tasks.seq2seq.Seq2SeqTrainer;
import dev.carousel.tasks.seq2seq.TrainingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code carousel seq2seq}: trains the attention encoder-decoder on sequence reversal and digit-string addition,
 * evaluates greedy and beam-search decoding on held-out data, and writes an accuracy table, a JSON record and an
 * attention heatmap of a decoded held-out example into {@code runs/seq2seq/<impl>[-quick]} (or {@code --out}).
 */
@Command(name = "seq2seq", mixinStandardHelpOptions = true,
        description = {"Train and evaluate the attention encoder-decoder (reversal, digit addition).",
            "Ctrl-C (or SIGTERM) stops within seconds and writes the report of the tasks that finished.",
            "Details: docs/attention.md#results-in-every-backend-carousel-seq2seq"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:interrupted (the report holds the tasks that finished)", "2:usage error",
                "130/143:stopped by Ctrl-C / SIGTERM"})
public final class Seq2SeqCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--impl", defaultValue = "reference", description = "backend: ${COMPLETION-CANDIDATES}",
            completionCandidates = Impls.class)
    String impl;

    @Option(names = "--task", defaultValue = "all", description = "reversal, addition or all (default ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--quick", description = "smaller data sets and fewer epochs")
    boolean quick;

    @Option(names = "--seed", defaultValue = "5", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "output folder (default runs/seq2seq/<impl>[-quick], git-ignored; the committed results/ "
            + "are written with an explicit --out)")
    Path out;

    static final class Impls extends ArrayList<String> {
        Impls() {
            super(Seq2SeqBackends.registry().keySet());
        }
    }

    /** Thrown inside training when Ctrl-C / SIGTERM asked the run to stop. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** A learner that throws {@link Stopped} at its next batch or decoder step once a stop is requested. */
    static final class Stoppable<S> implements Seq2SeqLearner<S> {
        private final Seq2SeqLearner<S> inner;
        private final java.util.function.BooleanSupplier stop;
        long updates;

        Stoppable(Seq2SeqLearner<S> inner, java.util.function.BooleanSupplier stop) {
            this.inner = inner;
            this.stop = stop;
        }

        private void check() {
            if (stop.getAsBoolean()) {
                throw new Stopped();
            }
        }

        @Override
        public double trainBatch(dev.carousel.tasks.seq2seq.Seq2SeqBatch batch) {
            check();
            double loss = inner.trainBatch(batch);
            updates++;
            return loss;
        }

        @Override
        public void setLearningRate(double rate) {
            inner.setLearningRate(rate);
        }

        @Override
        public int bosId() {
            return inner.bosId();
        }

        @Override
        public int eosId() {
            return inner.eosId();
        }

        @Override
        public int targetVocabSize() {
            return inner.targetVocabSize();
        }

        @Override
        public S start(int[] source) {
            check();
            return inner.start(source);
        }

        @Override
        public dev.carousel.spec.decoding.StepResult<S> step(S state, int prevToken) {
            check();
            return inner.step(state, prevToken);
        }
    }

    private static final String TABLE_HEAD = "| task | impl | train / test | updates | examples seen "
            + "| examples to the first evaluation at >= 99.5 % (greedy, 200 held out) | greedy exact | greedy char "
            + "| beam k=5 exact | beam k=5 char | train s |\n|---|---|---|---|---|---|---|---|---|---|---|\n";

    @Override
    public Integer call() throws Exception {
        if (!Seq2SeqBackends.registry().containsKey(impl)) {
            throw Cli.invalid(spec, "--impl", impl, "expected one of " + String.join(", ",
                    Seq2SeqBackends.registry().keySet()));
        }
        if (!List.of("reversal", "addition", "all").contains(task)) {
            throw Cli.invalid(spec, "--task", task, "expected reversal, addition or all");
        }
        List<Seq2SeqSetup> setups = task.equals("all") ? Seq2SeqSetup.all(quick, seed)
                : List.of(Seq2SeqSetup.byName(task, quick, seed));
        Path dir = out != null ? out : Cli.defaultOut("seq2seq", impl + (quick ? "-quick" : ""));
        Cli.writableFolder(spec, "--out", dir);
        StringBuilder rows = new StringBuilder();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "carousel seq2seq --impl " + impl + " --task " + task + (quick ? " --quick" : "")
                + " --seed " + seed);
        json.put("interrupted", false);
        json.put("machine", MachineInfo.collect());
        List<Seq2SeqSetup> finished = new ArrayList<>();
        try (Cli.Interruption interruption = new Cli.Interruption(() -> { })) {
            for (Seq2SeqSetup s : setups) {
                Seq2SeqDataset data = Seq2SeqDataset.generate(s.task(), HeldOutSplit.tenPercent(), s.trainSize(),
                        s.testSize(), seed);
                Seq2SeqLearner<?> learner = Seq2SeqBackends.create(impl, s.task().vocabulary(), seed);
                try {
                    System.out.println("carousel seq2seq: " + impl + " " + s.name() + " (" + s.task().describe()
                            + ")");
                    Stoppable<?> stoppable = new Stoppable<>(learner, interruption::stopRequested);
                    TrainingReport r;
                    try {
                        r = new Seq2SeqTrainer(s.settings()).train(stoppable, data);
                    } catch (Stopped e) {
                        json.put("interrupted", true);
                        json.put(s.name(), Map.of("interrupted", true, "updates", stoppable.updates));
                        rows.append(String.format(Locale.ROOT, "| %s | %s | %,d / %,d | %,d | interrupted "
                                + "| — | — | — | — | — | — |%n", s.name(), impl, data.train().size(),
                                data.test().size(), stoppable.updates));
                        break;
                    }
                    rows.append(String.format(Locale.ROOT, "| %s | %s | %,d / %,d | %,d | %,d | %s | %.4f | %.4f "
                            + "| %s | %s | %.0f |%n", s.name(), impl, data.train().size(), data.test().size(),
                            r.updates(), r.examplesSeen(), firstAt(r, 0.995) < 0 ? "not reached"
                                    : String.format(Locale.ROOT, "%,d", firstAt(r, 0.995)),
                            r.finalGreedy().exactMatch(), r.finalGreedy().characterAccuracy(),
                            r.finalBeam() == null ? "—" : String.format(Locale.ROOT, "%.4f",
                                    r.finalBeam().exactMatch()),
                            r.finalBeam() == null ? "—" : String.format(Locale.ROOT, "%.4f",
                                    r.finalBeam().characterAccuracy()),
                            r.trainSeconds()));
                    json.put(s.name(), r);
                    json.put(s.name() + "-setup", Map.of("trainSize", s.trainSize(), "testSize", s.testSize(),
                            "settings", s.settings(), "task", s.task().describe()));
                    finished.add(s);
                    Seq2SeqExample example = data.test().get(0);
                    Hypothesis best = heatmap(learner, example.source(), s.task().maxTargetLength() + 1);
                    AttentionMap map = AttentionMap.of(s.task().vocabulary(), example.source(), best);
                    AttentionHeatmap.write(map, s.name() + " (" + impl + "): " + example.sourceText() + " -> "
                            + s.task().vocabulary().decode(best.tokens()), dir.resolve("heatmap-" + s.name()
                            + ".png"));
                    AtomicFiles.writeString(dir.resolve("heatmap-" + s.name() + ".csv"), map.toCsv());
                    writeReport(dir, rows, json, finished);     // after every task: a stop keeps what finished
                } finally {
                    if (learner instanceof AutoCloseable c) {
                        c.close();
                    }
                }
            }
            String md = writeReport(dir, rows, json, finished);
            interruption.reportWritten();
            if (interruption.stopRequested()) {
                System.err.println("carousel seq2seq: interrupted; " + finished.size() + " task(s) reported in "
                        + dir.toAbsolutePath());
                return CarouselCli.EXIT_FAILED;
            }
            System.out.println(md);
            System.out.println("results: " + dir.toAbsolutePath());
        }
        return 0;
    }

    /** Writes summary.md and results.json (atomically); returns the Markdown. */
    private String writeReport(Path dir, StringBuilder rows, Map<String, Object> json, List<Seq2SeqSetup> finished)
            throws java.io.IOException {
        StringBuilder md = new StringBuilder(TABLE_HEAD).append(rows);
        md.append(String.format(Locale.ROOT, "%nModel: bi-GRU encoder %d per direction, GRU Bahdanau decoder %d, additive"
                + " attention, embeddings %d, decoder state from the encoder. Training: batch 32, Adam with the rate"
                + " decaying geometrically from %.0e to %.0e over the planned updates (set by the trainer in every"
                + " backend), global-norm clipping %.1f of the mean-token-loss gradient, no early stop; seed %d.%n",
                Seq2SeqSetup.HIDDEN, Seq2SeqSetup.HIDDEN, Seq2SeqSetup.EMBEDDING,
                Seq2SeqSetup.LEARNING_RATE, Seq2SeqSetup.FINAL_LEARNING_RATE, Seq2SeqSetup.CLIP, seed));
        for (Seq2SeqSetup s : finished) {
            md.append(String.format(Locale.ROOT, "%s: %,d training examples x %d epochs, evaluation every %d updates%n",
                    s.name(), s.trainSize(), s.settings().maxEpochs(), s.settings().evalEvery()));
        }
        AtomicFiles.writeString(dir.resolve("summary.md"), md.toString());
        AtomicFiles.writeBytes(dir.resolve("results.json"), new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        return md.toString();
    }

    /** Examples seen at the first periodic evaluation with greedy exact match >= {@code level}, or -1. */
    private static long firstAt(TrainingReport r, double level) {
        for (TrainingReport.CurvePoint p : r.curve()) {
            if (p.heldOut().exactMatch() >= level) {
                return p.examplesSeen();
            }
        }
        return -1;
    }

    private static <S> Hypothesis heatmap(Seq2SeqLearner<S> learner, int[] source, int maxLength) {
        return new BeamSearch(5, 1.0, maxLength).search(learner, source).get(0);
    }
}
