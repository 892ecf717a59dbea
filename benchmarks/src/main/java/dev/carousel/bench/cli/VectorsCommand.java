package dev.carousel.bench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carousel vectors ...}: the test-vector tools (see {@link GenerateVectorsCommand}). */
@Command(name = "vectors", mixinStandardHelpOptions = true,
        description = "Test-vector tools (format: docs/test-vectors.md).",
        subcommands = {GenerateVectorsCommand.class})
public final class VectorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand; one of "
                + spec.subcommands().keySet());
    }
}
