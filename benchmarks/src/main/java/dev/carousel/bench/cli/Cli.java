package dev.carousel.bench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands share: usage errors (one line, exit code 2, raised before any work starts), the default output
 * folder (outside the committed {@code results/}) and the checks of an output folder, and the handling of Ctrl-C /
 * SIGTERM for commands that train ({@link Interruption}).
 */
final class Cli {
    /** Exit code of a usage error. */
    static final int EXIT_USAGE = 2;
    /** The system property naming the default output root (the launcher sets it to {@code <repo>/runs}). */
    static final String RUNS_PROPERTY = "carousel.runs";

    private Cli() {
    }

    /** A usage error on {@code option} (e.g. "--trials" or "TASK"): "Invalid value for --trials: '0' (...)". */
    static CommandLine.ParameterException invalid(CommandSpec spec, String option, Object value, String allowed) {
        return new CommandLine.ParameterException(spec.commandLine(), "Invalid value for " + option + ": '" + value
                + "' (" + allowed + ")");
    }

    /** Refuses {@code value} of {@code option} unless it is at least {@code min}. */
    static void atLeast(CommandSpec spec, String option, Number value, long min) {
        if (value != null && value.longValue() < min) {
            throw invalid(spec, option, value, "expected a whole number of at least " + min);
        }
    }

    /**
     * The default output folder of a command: {@code runs/<parts...>} under the folder the {@code carousel} launcher
     * names ({@code -Dcarousel.runs}, the repository's git-ignored {@code runs/}), else under the current folder.
     */
    static Path defaultOut(String first, String... more) {
        return Path.of(System.getProperty(RUNS_PROPERTY, "runs")).resolve(Path.of(first, more));
    }

    /**
     * Creates {@code dir} and checks a file can be written into it, before any work starts; a usage error naming
     * {@code option} otherwise.
     */
    static void writableFolder(CommandSpec spec, String option, Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw invalid(spec, option, dir, "a file of that name exists; expected a folder");
            }
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".carousel-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw invalid(spec, option, dir, "cannot create or write the folder: " + reason(e));
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Replaces line breaks: every message of the command line is one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM during a training command: a JVM shutdown hook sets {@link #stopRequested()},
     * which the training polls between updates; the hook then waits up to {@link #GRACE_SECONDS} for the command
     * to write the report of what finished ({@link #reportWritten()}), deletes the temporary files of writes still
     * in progress, and lets the JVM exit (status 130 for SIGINT, 143 for SIGTERM).
     */
    static final class Interruption implements AutoCloseable {
        static final int GRACE_SECONDS = 8;

        private final Runnable onStop;
        private final CountDownLatch written = new CountDownLatch(1);
        private final Thread hook;
        private volatile boolean stop;

        /** @param onStop also run when the stop comes (e.g. tell a worker pool to stop) */
        Interruption(Runnable onStop) {
            this.onStop = onStop;
            this.hook = new Thread(this::stopAndWait, "carousel-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        private void stopAndWait() {
            stop = true;
            onStop.run();
            try {
                if (!written.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("carousel: interrupted before the report was written");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            dev.carousel.bench.report.AtomicFiles.deletePending();
        }

        boolean stopRequested() {
            return stop;
        }

        /** The report is on disk: the hook may let the JVM exit. */
        void reportWritten() {
            written.countDown();
        }

        /** Removes the hook when the command ends normally (a no-op while the JVM is shutting down). */
        @Override
        public void close() {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
    }
}
