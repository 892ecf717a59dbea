package dev.carousel.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carousel seq2seq}: trains the attention encoder-decoder on sequence reversal and digit-string addition,
 * evaluates greedy and beam-search decoding on held-out data, and writes an accuracy table, a JSON record and an
 * attention heatmap of a decoded held-out example into {@code results/seq2seq/<impl>[-quick]}.
 */
@Command(name = "seq2seq", mixinStandardHelpOptions = true,
        description = "Train and evaluate the attention encoder-decoder (reversal, digit addition).")
public final class Seq2SeqCommand implements Callable<Integer> {

    @Option(names = "--impl", defaultValue = "reference", description = "backend: ${COMPLETION-CANDIDATES}",
            completionCandidates = Impls.class)
    String impl;

    @Option(names = "--task", defaultValue = "all", description = "reversal, addition or all (default ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--quick", description = "smaller data sets and fewer epochs")
    boolean quick;

    @Option(names = "--seed", defaultValue = "5", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "results folder (default results/seq2seq/<impl>[-quick])")
    Path out;

    static final class Impls extends ArrayList<String> {
        Impls() {
            super(Seq2SeqBackends.registry().keySet());
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Seq2SeqSetup> setups = task.equals("all") ? Seq2SeqSetup.all(quick, seed)
                : List.of(Seq2SeqSetup.byName(task, quick, seed));
        Path dir = out != null ? out : Path.of("results", "seq2seq", impl + (quick ? "-quick" : ""));
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("| task | impl | train / test | updates | examples seen "
                + "| examples to the first evaluation at >= 99.5 % (greedy, 200 held out) | greedy exact | greedy char | beam k=5 exact "
                + "| beam k=5 char | train s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", MachineInfo.collect());
        for (Seq2SeqSetup s : setups) {
            Seq2SeqDataset data = Seq2SeqDataset.generate(s.task(), HeldOutSplit.tenPercent(), s.trainSize(),
                    s.testSize(), seed);
            Seq2SeqLearner<?> learner = Seq2SeqBackends.create(impl, s.task().vocabulary(), seed);
            System.out.println("carousel seq2seq: " + impl + " " + s.name() + " (" + s.task().describe() + ")");
            TrainingReport r = new Seq2SeqTrainer(s.settings()).train(learner, data);
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d / %,d | %,d | %,d | %s | %.4f | %.4f | %s | %s | %.0f |%n",
                    s.name(), impl, data.train().size(), data.test().size(), r.updates(), r.examplesSeen(),
                    firstAt(r, 0.995) < 0 ? "not reached" : String.format(Locale.ROOT, "%,d", firstAt(r, 0.995)),
                    r.finalGreedy().exactMatch(), r.finalGreedy().characterAccuracy(),
                    r.finalBeam() == null ? "—" : String.format(Locale.ROOT, "%.4f", r.finalBeam().exactMatch()),
                    r.finalBeam() == null ? "—" : String.format(Locale.ROOT, "%.4f", r.finalBeam().characterAccuracy()),
                    r.trainSeconds()));
            json.put(s.name(), r);
            json.put(s.name() + "-setup", Map.of("trainSize", s.trainSize(), "testSize", s.testSize(),
                    "settings", s.settings(), "task", s.task().describe()));
            Seq2SeqExample example = data.test().get(0);
            Hypothesis best = heatmap(learner, example.source(), s.task().maxTargetLength() + 1);
            AttentionMap map = AttentionMap.of(s.task().vocabulary(), example.source(), best);
            AttentionHeatmap.write(map, s.name() + " (" + impl + "): " + example.sourceText() + " -> "
                    + s.task().vocabulary().decode(best.tokens()), dir.resolve("heatmap-" + s.name() + ".png"));
            Files.writeString(dir.resolve("heatmap-" + s.name() + ".csv"), map.toCsv());
            if (learner instanceof AutoCloseable c) {
                c.close();
            }
        }
        md.append(String.format(Locale.ROOT, "%nModel: bi-GRU encoder %d per direction, GRU Bahdanau decoder %d, additive"
                + " attention, embeddings %d, decoder state from the encoder. Training: batch 32, Adam with the rate"
                + " decaying geometrically from %.0e to %.0e over the planned updates (set by the trainer in every"
                + " backend), global-norm clipping %.1f of the mean-token-loss gradient, no early stop; seed %d.%n",
                Seq2SeqSetup.HIDDEN, Seq2SeqSetup.HIDDEN, Seq2SeqSetup.EMBEDDING,
                Seq2SeqSetup.LEARNING_RATE, Seq2SeqSetup.FINAL_LEARNING_RATE, Seq2SeqSetup.CLIP, seed));
        for (Seq2SeqSetup s : setups) {
            md.append(String.format(Locale.ROOT, "%s: %,d training examples x %d epochs, evaluation every %d updates%n",
                    s.name(), s.trainSize(), s.settings().maxEpochs(), s.settings().evalEvery()));
        }
        Files.writeString(dir.resolve("summary.md"), md.toString());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(),
                json);
        System.out.println(md);
        System.out.println("results: " + dir.toAbsolutePath());
        return 0;
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
