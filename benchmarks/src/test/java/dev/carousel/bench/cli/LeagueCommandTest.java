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
                new String[] {"league --resume " + tmp.resolve("no-such-run") + " --out " + out, p + "--resume: '"
                        + tmp.resolve("no-such-run") + "' (no league report " + tmp.resolve("no-such-run")
                        .resolve("league.json") + " (expected the --out folder of an earlier carousel league run))"},
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

    /**
     * A run resumed from a report of 2 trials per pair runs only the third and reports all three: the two taken
     * over are the earlier rows exactly (wall times included), and every row equals that of an uninterrupted
     * 3-trial run apart from wall times. Other budgets are refused.
     */
    @Test
    void aResumedLeagueRunsOnlyTheMissingTrials() throws Exception {
        String[] common = {"league", "--tasks", "4:T=20,2a:p=10", "--cells", "rnn,nfg", "--budget", "40", "--quick",
            "--threads", "2"};
        Path first = tmp.resolve("resume-first");
        Path whole = tmp.resolve("resume-whole");
        assertEquals(0, run(common, "--trials", "2", "--out", first.toString()).exit());
        assertEquals(0, run(common, "--trials", "3", "--out", whole.toString()).exit());
        Path resumed = tmp.resolve("resume-second");
        VerifyCommandTest.Run r = run(common, "--trials", "3", "--resume", first.toString(), "--out",
                resumed.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode before = trials(first);
        JsonNode after = trials(resumed);
        JsonNode reference = trials(whole);
        assertEquals(12, after.size());
        assertEquals(8, new ObjectMapper().readTree(resumed.resolve("league.json").toFile()).get("run")
                .get("resumed").asInt());
        int taken = 0;
        for (int i = 0; i < after.size(); i++) {
            JsonNode a = after.get(i);
            JsonNode w = reference.get(i);
            for (String f : List.of("task", "cell", "seed", "success", "sequences", "testWrong", "testLoss", "curve")) {
                assertEquals(w.get(f), a.get(f), f + " of trial " + i);
            }
            for (JsonNode b : before) {
                if (b.get("task").equals(a.get("task")) && b.get("cell").equals(a.get("cell"))
                        && b.get("seed").equals(a.get("seed"))) {
                    assertEquals(b, a, "taken over unchanged");
                    taken++;
                }
            }
        }
        assertEquals(8, taken);
        assertTrue(Files.readString(resumed.resolve("league.md")).contains("resumed: 8 of 12 trials taken from"));
        VerifyCommandTest.Run other = run(common, "--trials", "3", "--budget", "50", "--resume", first.toString(),
                "--out", tmp.resolve("resume-refused").toString());
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("was run with --budget 40; this run uses --budget 50"), other.err());
    }

    private static VerifyCommandTest.Run run(String[] common, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(common));
        int b = args.indexOf("--budget");
        if (List.of(more).contains("--budget")) {
            args.remove(b + 1);
            args.remove(b);
        }
        args.addAll(List.of(more));
        return VerifyCommandTest.run(args.toArray(new String[0]));
    }

    private static JsonNode trials(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("league.json").toFile()).get("trials");
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
