package dev.carousel.bench.cli;

import dev.carousel.verify.VerificationTable;
import dev.carousel.verify.vectors.CaseFolders;
import dev.carousel.verify.Seq2SeqImplementation;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.verify.vectors.TestCaseReader;
import dev.carousel.verify.vectors.VectorCase;
import dev.carousel.spec.DType;
import dev.carousel.verify.Implementations;
import dev.carousel.verify.OnnxVerifier;
import dev.carousel.verify.onnx.OnnxCaseReader;
import dev.carousel.verify.RecurrentImplementation;
import dev.carousel.verify.Verdict;
import dev.carousel.verify.Verification;
import dev.carousel.verify.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carousel verify --vectors DIR [--impl reference,...] [--dtype float64|float32]}: runs every test case
 * under DIR (recurrent-layer and seq2seq cases, full or forward-only) through each implementation in each dtype and
 * prints one row per run (see {@link Verifier}); ONNX backend-test folders (model.onnx + test_data_set_N/) are
 * checked forward only (see {@link OnnxVerifier}). Exits 1
 * when a run fails or a case cannot be read, 2 on a usage error (an unknown implementation or dtype).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check implementations against test vectors (format: docs/test-vectors.md; docs/verification.md).",
                "Relative error = max|a-e| / max(max|e|, 1e-12); tolerance float64 1e-9, float32 1e-4 (T <= 100) "
                        + "or 1e-3 (T > 100)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every run passed or was skipped", "1:a run failed or a case could not be read",
                "2:usage error"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--vectors", required = true, paramLabel = "DIR",
            description = "A case folder (case.json + arrays.npz, or an ONNX test folder: model.onnx + "
                    + "test_data_set_N/) or a folder searched recursively for them.")
    Path vectors;

    @Option(names = "--impl", split = ",", paramLabel = "NAME", defaultValue = "reference",
            description = "Implementations to check, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> implementations;

    @Option(names = "--dtype", split = ",", paramLabel = "DTYPE", defaultValue = "float64",
            description = "float64 and/or float32, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> dtypes;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        Implementations registry;
        List<String> names;
        List<DType> types = new ArrayList<>();
        try {
            registry = Implementations.discover();
            names = registry.check(implementations);
            for (String d : dtypes) {
                DType t = DType.fromKey(d.trim());
                if (!types.contains(t)) {
                    types.add(t);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage(), e);
        }
        if (!Files.isDirectory(vectors)) {
            throw Cli.invalid(spec, "--vectors", vectors, "no such folder");
        }
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        List<Path> folders = CaseFolders.find(vectors);
        if (folders.isEmpty()) {
            err.println("no test cases under " + vectors + " (a case is a folder holding case.json and arrays.npz, or an"
                    + " ONNX test folder holding model.onnx and test_data_set_N/)");
            err.flush();
            return CarouselCli.EXIT_FAILED;
        }
        List<Verification> rows = new ArrayList<>();
        for (Path folder : folders) {
            String name = vectors.relativize(folder).toString();
            String caseName = name.isEmpty() ? folder.getFileName().toString() : name;
            if (!TestCaseReader.isCaseFolder(folder) && OnnxCaseReader.isOnnxFolder(folder)) {
                rows.addAll(OnnxVerifier.verifyFolder(folder, caseName, names, registry, types));
                continue;
            }
            VectorCase any;
            try {
                any = TestCaseReader.readAny(folder);
            } catch (IOException e) {
                rows.add(Verifier.unreadable(caseName, e.getMessage()));
                continue;
            } catch (OutOfMemoryError e) {
                rows.add(Verifier.unreadable(caseName, "the case does not fit in memory (raise the heap: "
                        + "JAVA_OPTS=-Xmx...)"));
                continue;
            } catch (RuntimeException e) {
                rows.add(Verifier.unreadable(caseName, "cannot read the case: " + e));
                continue;
            }
            if (any instanceof Seq2SeqTestCase s2s) {
                for (String implName : names) {
                    Seq2SeqImplementation impl = registry.seq2seq(implName);
                    for (DType t : types) {
                        try {
                            rows.add(impl == null ? Verifier.noSeq2SeqImplementation(s2s, implName, t)
                                    : Verifier.verify(s2s, impl, t));
                        } catch (OutOfMemoryError e) {
                            rows.add(outOfMemory(caseName, s2s.config().target(), implName, t));
                        }
                    }
                }
                continue;
            }
            TestCase c = (TestCase) any;
            for (String implName : names) {
                RecurrentImplementation impl = registry.recurrent(implName);
                for (DType t : types) {
                    try {
                        rows.add(impl == null ? Verifier.noRecurrentImplementation(c, implName, t)
                                : Verifier.verify(c, impl, t));
                    } catch (OutOfMemoryError e) {
                        rows.add(outOfMemory(caseName, c.config().time(), implName, t));
                    }
                }
            }
        }
        out.print(VerificationTable.render(rows));
        out.println(VerificationTable.summary(rows));
        out.flush();
        boolean failed = rows.stream().anyMatch(Verification::isFailure);
        return failed ? CarouselCli.EXIT_FAILED : 0;
    }

    private static Verification outOfMemory(String caseName, int time, String impl, DType t) {
        return new Verification(caseName, time, impl, t, Double.NaN, Double.NaN, null, t.tolerance(time),
                Verdict.FAIL, "ran out of memory (raise the heap: JAVA_OPTS=-Xmx...)");
    }
}
