package dev.carousel.bench.league;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The league's table writers on fixed rows, against hand-written Markdown, CSV and JSON. */
class LeagueReportTest {
    private static final List<LeagueRow> ROWS = List.of(
            new LeagueRow("2a", "p=100", "reference", "rnn", 1, true, 1000, false, 100, 2, 0.5, 1.25,
                    new double[][] {{500, 0.25}, {1000, 0.125}}),
            new LeagueRow("2a", "p=100", "reference", "rnn", 2, false, 3000, false, 100, 10, 1.5, 2.5,
                    new double[][] {{3000, Double.NaN}}),
            new LeagueRow("4:T=50", "T=50", "reference", "gru", 1001, true, 200, false, 0, 0, Double.NaN, 0.5,
                    new double[][] {{200, 0.01}}));
    private static final List<String> IMPLS = List.of("reference");
    private static final List<String> CELLS = List.of("rnn", "gru");
    private static final List<String> TASKS = List.of("2a", "4:T=50");

    private static List<LeagueReport.Summary> summary() {
        return LeagueReport.summarise(ROWS, IMPLS, CELLS, TASKS);
    }

    private static Map<String, Object> run() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", "carousel league x");
        return run;
    }

    @Test
    void markdown() {
        String expected = """
                # Delay-task league

                - command: carousel league x

                ## Success rate, reference (% of trials solved)

                | cell | 2a | 4:T=50 |
                |---|---|---|
                | rnn | 50 | n/a |
                | gru | n/a | 100 |

                ## Every backend, cell and task

                | impl | cell | task | trials | solved | median sequences to success | median test error \
                | mean test loss | seconds |
                |---|---|---|---|---|---|---|---|---|
                | reference | rnn | 2a | 2 | 1 | 1,000 | 6.00 % | 1.000 | 3.8 |
                | reference | gru | 4:T=50 | 1 | 1 | 200 | — | — | 0.5 |

                Notes:

                - a note
                """;
        assertEquals(expected, LeagueReport.markdown(summary(), run(), List.of("a note")));
    }

    @Test
    void summaryCsv() {
        String expected = """
                impl,cell,task,trials,successes,success_percent,median_sequences,median_test_error_percent,\
                mean_test_loss,seconds
                reference,rnn,"2a",2,1,50.0,1000,6.0000,1.00000,3.75
                reference,rnn,"4:T=50",0,0,,,,,0.00
                reference,gru,"2a",0,0,,,,,0.00
                reference,gru,"4:T=50",1,1,100.0,200,,,0.50
                """;
        assertEquals(expected, LeagueReport.summaryCsv(summary()));
    }

    @Test
    void trialsCsv() {
        String expected = """
                task,parameters,impl,cell,seed,success,sequences,interrupted,test_size,test_wrong,test_loss,seconds
                "2a","p=100",reference,rnn,1,true,1000,false,100,2,0.500000,1.25
                "2a","p=100",reference,rnn,2,false,3000,false,100,10,1.50000,2.50
                "4:T=50","T=50",reference,gru,1001,true,200,false,0,0,,0.50
                """;
        assertEquals(expected, LeagueReport.trialsCsv(ROWS));
    }

    @Test
    void json() throws Exception {
        String expected = """
                {"run": {"command": "carousel league x"},
                 "summary": [
                  {"impl": "reference", "cell": "rnn", "task": "2a", "trials": 2, "successes": 1,
                   "successPercent": 50.0, "medianSequences": 1000, "medianTestErrorPercent": 6.0,
                   "meanTestLoss": 1.0, "seconds": 3.75},
                  {"impl": "reference", "cell": "rnn", "task": "4:T=50", "trials": 0, "successes": 0,
                   "successPercent": null, "medianSequences": null, "medianTestErrorPercent": null,
                   "meanTestLoss": null, "seconds": 0.0},
                  {"impl": "reference", "cell": "gru", "task": "2a", "trials": 0, "successes": 0,
                   "successPercent": null, "medianSequences": null, "medianTestErrorPercent": null,
                   "meanTestLoss": null, "seconds": 0.0},
                  {"impl": "reference", "cell": "gru", "task": "4:T=50", "trials": 1, "successes": 1,
                   "successPercent": 100.0, "medianSequences": 200, "medianTestErrorPercent": null,
                   "meanTestLoss": null, "seconds": 0.5}],
                 "trials": [
                  {"task": "2a", "parameters": "p=100", "impl": "reference", "cell": "rnn", "seed": 1,
                   "success": true, "sequences": 1000, "interrupted": false, "testSize": 100, "testWrong": 2,
                   "testLoss": 0.5, "seconds": 1.25, "curve": [[500.0, 0.25], [1000.0, 0.125]]},
                  {"task": "2a", "parameters": "p=100", "impl": "reference", "cell": "rnn", "seed": 2,
                   "success": false, "sequences": 3000, "interrupted": false, "testSize": 100, "testWrong": 10,
                   "testLoss": 1.5, "seconds": 2.5, "curve": [[3000.0, null]]},
                  {"task": "4:T=50", "parameters": "T=50", "impl": "reference", "cell": "gru", "seed": 1001,
                   "success": true, "sequences": 200, "interrupted": false, "testSize": 0, "testWrong": 0,
                   "testLoss": null, "seconds": 0.5, "curve": [[200.0, 0.01]]}]}
                """;
        ObjectMapper m = new ObjectMapper();
        String actual = LeagueReport.json(ROWS, summary(), run());
        assertEquals(m.readTree(expected), m.readTree(actual), actual);
        // key order as written
        assertTrue(actual.indexOf("\"run\"") < actual.indexOf("\"summary\"")
                && actual.indexOf("\"summary\"") < actual.indexOf("\"trials\""), actual);
    }

    @Test
    void writesEveryFile(@TempDir Path dir) throws Exception {
        LeagueReport.write(dir, ROWS, IMPLS, CELLS, TASKS, run(), List.of("a note"));
        for (String f : List.of("league.json", "league.md", "trials.csv", "summary.csv", "heatmap-reference.png",
                "curves-2a.png", "curves-4_T_50.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".tmp")).toList());
        }
        assertEquals(LeagueReport.trialsCsv(ROWS), Files.readString(dir.resolve("trials.csv")));
    }
}
