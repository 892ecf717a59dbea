package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code carousel league}: usage errors, a tiny run, and a run stopped by SIGTERM. */
class LeagueCommandTest {
    @TempDir
    static Path tmp;

    private static List<String[]> usageErrors() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String out = tmp.resolve("never-written").toString();
        String p = "carousel league: Invalid value for ";
        return List.of(
                new String[] {"league --cells foo --out " + out, p + "--cells: 'foo' (expected all or cells among "
                        + "lstm1997, peephole, np, nfg, cifg, gru, gru-before, rnn)"},
                new String[] {"league --tasks 9z --out " + out, p + "--tasks: '9z' (unknown task id '9z'; known ids: "
                        + "[1, 2a, 2b, 2c, 3a, 3b, 3c, 4, 5, 6a, 6b, adding, copy])"},
                new String[] {"league --tasks 4:X=1 --out " + out, p + "--tasks: '4:X=1' (task '4' has no parameter "
                        + "'X'; known parameters: [T])"},
                new String[] {"league --impl reference,foo --out " + out,
                        p + "--impl: 'foo' (expected reference, dl4j or djl)"},
                new String[] {"league --trials 0 --out " + out,
                        p + "--trials: '0' (expected a whole number of at least 1)"},
                new String[] {"league --budget 0 --out " + out,
                        p + "--budget: '0' (expected a whole number of at least 1)"},
                new String[] {"league --threads 0 --out " + out,
                        p + "--threads: '0' (expected a whole number of at least 1)"},
                new String[] {"league --spark local[2] --threads 2 --out " + out, p + "--threads: '2' (applies to the "
                        + "in-process pool only; with --spark the master sets the parallelism, e.g. local[4])"},
                new String[] {"league --spark local[2] --out " + out, p + "--spark: 'local[2]' (the Spark runner "
                        + "(module carousel-spark) is not on the class path; run java -cp "
                        + "carousel-spark/target/carousel-spark-<version>-spark.jar dev.carousel.spark.SparkLeague or "
                        + "spark-submit (docs/league.md#spark))"},
                new String[] {"league --out " + file, p + "--out: '" + file
                        + "' (a file of that name exists; expected a folder)"},
                new String[] {"league --seed x", "carousel league: Invalid value for option '--seed': 'x' is not a "
                        + "long"});
    }

    @TestFactory
    List<DynamicTest> badArgumentsExitTwoWithOneLine() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] row : usageErrors()) {
            tests.add(DynamicTest.dynamicTest(row[0], () -> {
                VerifyCommandTest.Run r = VerifyCommandTest.run(row[0].split(" "));
                assertEquals(2, r.exit(), r.out() + r.err());
                assertEquals(row[1] + System.lineSeparator(), r.err());
                assertFalse(Files.exists(tmp.resolve("never-written")), "nothing written before the checks");
            }));
        }
        return tests;
    }

    @Test
    void taskListsSplitBetweenTasksNotBetweenParameters() {
        assertEquals(List.of("2a", "2c:q=1000,p=50", "4:T=500", "copy"),
                LeagueCommand.splitTasks("2a,2c:q=1000,p=50,4:T=500,copy"));
        assertEquals(List.of("all"), LeagueCommand.splitTasks("all"));
    }

    @Test
    void aTinyLeagueWritesItsReport() throws Exception {
        Path out = tmp.resolve("tiny");
        VerifyCommandTest.Run r = VerifyCommandTest.run("league", "--tasks", "4:T=20,2a:p=10", "--cells",
                "rnn,cifg", "--trials", "2", "--budget", "30", "--quick", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("league.json").toFile());
        assertEquals(8, json.get("trials").size());
        assertEquals(4, json.get("summary").size());
        assertEquals(9, Files.readAllLines(out.resolve("trials.csv")).size());
        for (String f : List.of("league.md", "summary.csv", "heatmap-reference.png", "curves-4_T_20.png",
                "curves-2a_p_10.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(out.resolve("league.md")).contains("reference: the paper's protocol, on-line"));
    }

    @Test
    void sigtermWritesTheReportOfTheFinishedTrials() throws Exception {
        Path out = tmp.resolve("stopped");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), CarouselCli.class.getName(),
                "league", "--tasks", "4:T=20", "--cells", "rnn", "--trials", "100000", "--budget", "200",
                "--threads", "1", "--quick", "--out", out.toString());
        Path err = tmp.resolve("stopped-stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stopped-stdout.txt").toFile())
                .redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(err) && Files.readString(err).contains("last:"))) {    // a trial has finished
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "no trial finished: " + Files.readString(err));
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        p.destroy();                                                                  // SIGTERM
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "exits after SIGTERM");
        assertEquals(143, p.exitValue(), Files.readString(err));
        String stderr = Files.readString(err);
        assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
        JsonNode json = new ObjectMapper().readTree(out.resolve("league.json").toFile());
        assertTrue(json.get("run").get("interrupted").asBoolean());
        int trials = json.get("trials").size();
        assertTrue(trials >= 1 && trials < 100000, "finished trials: " + trials);
        for (JsonNode t : json.get("trials")) {
            assertFalse(t.get("interrupted").asBoolean(), "only finished trials: " + t);
            assertEquals(200, t.get("sequences").asLong());
        }
        assertEquals(trials + 1, Files.readAllLines(out.resolve("trials.csv")).size());
        assertTrue(Files.readString(out.resolve("league.md")).contains("interrupted: " + trials + " of 100000"));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.filter(f -> f.toString().endsWith(".tmp")).toList());
        }
    }
}
