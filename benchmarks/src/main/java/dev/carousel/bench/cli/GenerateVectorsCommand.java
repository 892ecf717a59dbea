package dev.carousel.bench.cli;

import dev.carousel.verify.golden.GoldenSet;
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
 * {@code carousel vectors generate --out DIR [--seed S]}: writes the golden set ({@link GoldenSet}), computed by
 * the float64 reference, one folder per case. The same seed gives byte-identical files.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write the golden test vectors, computed by the float64 reference: every LSTM variant and "
                + "both GRUs, short, variable-length and long (T up to 500) sequences.",
                "The committed set is vectors/golden, made with the default seed."})
public final class GenerateVectorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write into (created; a case folder of the same name is overwritten).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + GoldenSet.DEFAULT_SEED,
            description = "Random seed (default: ${DEFAULT-VALUE}, the committed golden set).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Cli.writableFolder(spec, "--out", out);
        PrintWriter w = spec.commandLine().getOut();
        List<TestCase> cases = GoldenSet.generate(out, seed);
        for (TestCase c : cases) {
            w.println("wrote " + out.resolve(c.name()) + "  " + c);
        }
        w.println(cases.size() + " cases written to " + out + " (seed " + seed + ")");
        w.flush();
        return 0;
    }
}
