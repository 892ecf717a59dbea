package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGTERM / SIGINT to {@code carousel reproduce} and {@code carousel seq2seq} running in a child JVM: it
 * must exit within seconds (128 + the signal), print no stack trace, and leave a complete, parseable report of what
 * finished, with no empty or temporary files.
 */
class SignalTest {
    private static final long EXIT_WITHIN_SECONDS = 10;

    @TempDir
    Path tmp;

    private Process start(Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                CarouselCli.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
    }

    /** Waits until {@code file} of the child contains {@code text} (at most 60 s). */
    private static void awaitText(Process p, Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            assertTrue(p.isAlive(), "the child ended early: " + Files.readString(file));
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("no '" + text + "' in " + file + ": " + Files.readString(file));
    }

    private static void signal(Process p, String signal) throws Exception {
        if (signal.equals("TERM")) {
            p.destroy();
        } else {
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
        }
    }

    private int stopAndWait(Process p, String signal) throws Exception {
        signal(p, signal);
        boolean ended = p.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "exited within " + EXIT_WITHIN_SECONDS + " s");
        String err = Files.readString(tmp.resolve("stderr.txt"));
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        return p.exitValue();
    }

    private static void noPartialFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                assertFalse(f.getFileName().toString().endsWith(".tmp"), "temporary file left: " + f);
                assertTrue(Files.size(f) > 0, "empty file: " + f);
            }
        }
    }

    private void reproduce(String signal, int expectedExit) throws Exception {
        Path out = tmp.resolve("reproduce");
        // many short trials of task 1, one at a time: some finish before the signal, the rest are cut short
        Process p = start(out, "reproduce", "1", "--quick", "--trials", "1000", "--budget", "20000", "--threads", "1");
        awaitText(p, tmp.resolve("stderr.txt"), "reproduce");
        Thread.sleep(4000);
        assertEquals(expectedExit, stopAndWait(p, signal));
        JsonNode json = new ObjectMapper().readTree(out.resolve("trials.json").toFile());
        assertTrue(json.get("run").get("interrupted").asBoolean(), json.get("run").toString());
        int trials = json.get("trials").size();
        assertTrue(trials >= 1 && trials < 1000, "finished trials reported: " + trials);
        assertEquals(trials + 1, Files.readAllLines(out.resolve("trials.csv")).size());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| 1 "), md);
        assertTrue(Files.exists(out.resolve("success.png")));
        noPartialFiles(out);
    }

    @Test
    void reproduceStopsOnSigterm() throws Exception {
        reproduce("TERM", 143);
    }

    @Test
    void reproduceStopsOnSigint() throws Exception {
        reproduce("INT", 130);
    }

    private void seq2seq(String signal, int expectedExit) throws Exception {
        Path out = tmp.resolve("seq2seq");
        Process p = start(out, "seq2seq", "--impl", "reference", "--task", "reversal", "--quick");
        awaitText(p, tmp.resolve("stdout.txt"), "carousel seq2seq: reference reversal");
        Thread.sleep(1500);
        assertEquals(expectedExit, stopAndWait(p, signal));
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertTrue(json.get("interrupted").asBoolean(), json.toString());
        assertTrue(json.get("reversal").get("interrupted").asBoolean(), json.toString());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| reversal | reference |"));
        noPartialFiles(out);
    }

    @Test
    void seq2seqStopsOnSigterm() throws Exception {
        seq2seq("TERM", 143);
    }

    @Test
    void seq2seqStopsOnSigint() throws Exception {
        seq2seq("INT", 130);
    }
}
