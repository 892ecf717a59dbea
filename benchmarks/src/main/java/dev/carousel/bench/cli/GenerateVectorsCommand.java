package dev.carousel.bench.cli;

import dev.carousel.verify.golden.GoldenSet;
import dev.carousel.verify.golden.Seq2SeqGoldenSet;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.TestCase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carousel vectors generate --out DIR [--set recurrent|seq2seq] [--seed S]}: writes a golden set, computed
 * by the float64 reference, one folder per case: the recurrent-layer set ({@link GoldenSet}, default) or the seq2seq
 * set ({@link Seq2SeqGoldenSet}). The same seed gives byte-identical files.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write the golden test vectors, computed by the float64 reference: every LSTM variant and "
                + "both GRUs, short, variable-length and long (T up to 500) sequences.",
                "--set seq2seq writes the attention encoder-decoder set instead: every cell type as encoder and "
                        + "decoder, both decoders, the three scores, both init modes, bidirectional, variable lengths.",
                "The committed sets are vectors/golden and vectors/golden-seq2seq, made with the default seeds."})
public final class GenerateVectorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write into (created; a case folder of the same name is overwritten).")
    Path out;

    /** The golden sets. */
    enum GoldenKind { recurrent, seq2seq }

    @Option(names = "--set", paramLabel = "SET", defaultValue = "recurrent",
            description = "Which set: recurrent (the layer cases, default) or seq2seq (the encoder-decoder cases).")
    GoldenKind set;

    @Option(names = "--seed", paramLabel = "S",
            description = "Random seed (default: " + GoldenSet.DEFAULT_SEED + " for the recurrent set, "
                    + Seq2SeqGoldenSet.DEFAULT_SEED + " for the seq2seq set: the committed golden sets).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        Cli.writableFolder(spec, "--out", out);
        PrintWriter w = spec.commandLine().getOut();
        int count;
        long s;
        if (set == GoldenKind.seq2seq) {
            s = seed == null ? Seq2SeqGoldenSet.DEFAULT_SEED : seed;
            List<Seq2SeqTestCase> cases = Seq2SeqGoldenSet.generate(out, s);
            for (Seq2SeqTestCase c : cases) {
                w.println("wrote " + out.resolve(c.name()) + "  " + c);
            }
            count = cases.size();
        } else {
            s = seed == null ? GoldenSet.DEFAULT_SEED : seed;
            List<TestCase> cases = GoldenSet.generate(out, s);
            for (TestCase c : cases) {
                w.println("wrote " + out.resolve(c.name()) + "  " + c);
            }
            count = cases.size();
        }
        w.println(count + " cases written to " + out + " (seed " + s + ")");
        w.flush();
        return 0;
    }
}
