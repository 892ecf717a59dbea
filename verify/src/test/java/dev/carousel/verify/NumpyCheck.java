package dev.carousel.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the independent NumPy checkers of vectors/ (check_with_numpy.py, check_seq2seq_with_numpy.py) on a
 * golden set and asserts exit code 0 and one PASS line per case; skipped, with the reason, when no python3 imports
 * NumPy (Debian: apt-get install python3-numpy).
 */
public final class NumpyCheck {
    private NumpyCheck() {
    }

    /** /usr/bin/python3, else python3 on the PATH, if it imports numpy. */
    public static Optional<String> pythonWithNumpy() {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code vectors/<script>} from {@code root} on {@code folder}; expects {@code cases} lines, all PASS.
     */
    public static void assertEveryCasePasses(Path root, String script, Path folder, long cases, int minutes)
            throws IOException, InterruptedException {
        Optional<String> python = pythonWithNumpy();
        Assumptions.assumeTrue(python.isPresent(), "no python3 with NumPy (neither /usr/bin/python3 nor python3 on "
                + "the PATH imports numpy; Debian: apt-get install python3-numpy): the independent NumPy check of "
                + root.relativize(folder.toAbsolutePath()) + " is skipped");
        Path log = Files.createTempFile(script, ".log");
        try {
            Process p = new ProcessBuilder(python.get(), "vectors/" + script, folder.toString())
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(script + " did not finish within " + minutes + " minutes");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), script + " exit code; output:\n" + out);
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(cases, lines.size(), "one line per case; output:\n" + out);
            for (String line : lines) {
                assertTrue(line.endsWith("PASS"), "not PASS: " + line);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
