package dev.carousel.bench.cli;

import dev.carousel.bench.report.AtomicFiles;
import dev.carousel.onnx.Direction;
import dev.carousel.onnx.OnnxImportException;
import dev.carousel.onnx.OnnxRecurrentImport;
import dev.carousel.onnx.OnnxRecurrentNode;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jetbrains.bio.npy.NpyFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carousel onnx show|import}: the command-line form of {@link OnnxRecurrentImport} (docs/onnx.md). A file
 * Carousel cannot import exactly (truncated, another op, two recurrent nodes without {@code --node}, an attribute it
 * cannot honour) prints one line naming the problem and exits 1.
 */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = "Read the LSTM or GRU node of an ONNX model: show its spec, or import its weights into "
                + "Carousel's interchange layout (docs/onnx.md).",
        subcommands = {OnnxCommand.Show.class, OnnxCommand.Import.class})
public final class OnnxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand; one of "
                + spec.subcommands().keySet());
    }

    /** Reads the node, or prints the reason on one line and returns null. */
    static OnnxRecurrentNode read(CommandSpec spec, Path model, String node) {
        if (!Files.isRegularFile(model)) {
            throw Cli.invalid(spec, "MODEL", model, "an existing .onnx file");
        }
        try {
            return node == null ? OnnxRecurrentImport.read(model) : OnnxRecurrentImport.read(model, node);
        } catch (OnnxImportException | java.io.IOException | java.io.UncheckedIOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(Cli.oneLine(spec.qualifiedName() + ": " + e.getMessage()));
            err.flush();
            return null;
        }
    }

    /** One line per fact of the node: op, name, spec, direction, layout, dtype, arrays. */
    static String describe(OnnxRecurrentNode n) {
        StringBuilder s = new StringBuilder();
        s.append(n.describe()).append('\n');
        s.append("  spec:      ").append(n.lstmSpec() != null ? n.lstmSpec() : n.gruSpec()).append('\n');
        s.append("  direction: ").append(n.direction().key()).append(", layout ").append(n.layout())
                .append(", dtype ").append(n.dtype()).append('\n');
        for (int d = 0; d < n.direction().count(); d++) {
            s.append("  weights").append(n.direction().count() > 1 ? (d == 0 ? " (forward)" : " (backward)") : "")
                    .append(":");
            for (Map.Entry<String, double[]> e : n.weights(d).entrySet()) {
                s.append(' ').append(e.getKey()).append('[').append(e.getValue().length).append(']');
            }
            s.append('\n');
        }
        s.append("  initial_h: ").append(n.initialH() != null ? "constant" : "input or none")
                .append(", sequence_lens: ").append(n.sequenceLens() != null ? "constant" : "input or none");
        return s.toString();
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the recurrent node's op, spec, direction, layout, dtype and weight arrays.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MODEL", description = "the .onnx file")
        Path model;

        @Option(names = "--node", description = "the node's name, when the model has several LSTM/GRU nodes")
        String node;

        @Override
        public Integer call() {
            OnnxRecurrentNode n = read(spec, model, node);
            if (n == null) {
                return CarouselCli.EXIT_FAILED;
            }
            spec.commandLine().getOut().println(describe(n));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Write the node's weights in the interchange layout as an .npz (w_ih, w_hh, b_ih, b_hh "
                    + "and p_i, p_f, p_o; the backward direction of a bidirectional node with the suffix "
                    + "_reverse, as PyTorch names it), float64, atomically.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MODEL", description = "the .onnx file")
        Path model;

        @Option(names = "--node", description = "the node's name, when the model has several LSTM/GRU nodes")
        String node;

        @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "the .npz to write")
        Path out;

        @Override
        public Integer call() throws java.io.IOException {
            if (!out.getFileName().toString().endsWith(".npz")) {
                throw Cli.invalid(spec, "--out", out, "a file name ending in .npz");
            }
            Path dir = out.toAbsolutePath().getParent();
            Cli.writableFolder(spec, "--out", dir);
            OnnxRecurrentNode n = read(spec, model, node);
            if (n == null) {
                return CarouselCli.EXIT_FAILED;
            }
            AtomicFiles.write(out, stream -> {
                ZipOutputStream zip = new ZipOutputStream(stream);
                for (int d = 0; d < n.direction().count(); d++) {
                    String suffix = d == 1 && n.direction() == Direction.BIDIRECTIONAL ? "_reverse" : "";
                    for (Map.Entry<String, double[]> e : n.weights(d).entrySet()) {
                        int[] shape = shape(n, e.getKey());
                        Path tmp = Files.createTempFile("carousel-onnx-", ".npy");
                        try {
                            NpyFile.write(tmp, e.getValue(), shape, ByteOrder.LITTLE_ENDIAN);
                            zip.putNextEntry(new ZipEntry(e.getKey() + suffix + ".npy"));
                            Files.copy(tmp, zip);
                            zip.closeEntry();
                        } finally {
                            Files.deleteIfExists(tmp);
                        }
                    }
                }
                zip.finish();
            });
            spec.commandLine().getOut().println(describe(n));
            spec.commandLine().getOut().println("wrote " + out);
            spec.commandLine().getOut().flush();
            return 0;
        }

        /** The interchange shape of a weight array: [G·H, I], [G·H, H] or a vector. */
        private static int[] shape(OnnxRecurrentNode n, String name) {
            int g = n.lstmSpec() != null ? 4 : 3;
            int h = n.hiddenSize();
            switch (name) {
                case "w_ih": return new int[] {g * h, n.inputSize()};
                case "w_hh": return new int[] {g * h, h};
                default: return new int[] {n.weights(0).get(name).length};
            }
        }
    }
}
