package dev.carousel.bench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code carousel} command line (run it with the {@code ./carousel} launcher at the repository root).
 * Each subcommand is its own class listed in {@code subcommands} below; adding one (reproduce, seq2seq, bench)
 * means writing a {@code @Command} class that implements {@code Callable<Integer>} and adding it to that list.
 *
 * <p>Exit codes: 0 success, 1 a check failed or an input could not be read, 2 a usage error.
 */
@Command(name = "carousel", mixinStandardHelpOptions = true, version = "carousel 0.1.0",
        description = "Peephole LSTM, GRU and attention encoder-decoders for DL4J and DJL: tools.",
        subcommands = {VerifyCommand.class, VectorsCommand.class, ReproduceCommand.class, BenchCommand.class,
            Seq2SeqCommand.class, OnnxCommand.class, LeagueCommand.class,
            CommandLine.HelpCommand.class})
public final class CarouselCli implements Callable<Integer> {
    /** Exit code of a failed check or an unreadable input. */
    public static final int EXIT_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand; one of "
                + spec.subcommands().keySet());
    }

    /** Exit code of a usage error (a bad option or value; one line on stderr, nothing started). */
    public static final int EXIT_USAGE = Cli.EXIT_USAGE;

    /**
     * The command line with every subcommand, ready to {@code execute(args)}. A usage error (picocli's own, or a
     * value a command refuses before it starts) prints one line, "carousel &lt;command&gt;: &lt;problem&gt;", on
     * stderr and exits 2; an I/O error while running prints one line and exits 1.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CarouselCli());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine() != null ? ex.getCommandLine() : cl;
            failed.getErr().println(Cli.oneLine(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage()));
            failed.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                failed.getErr().println(Cli.oneLine(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage()));
                failed.getErr().flush();
                return EXIT_FAILED;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
