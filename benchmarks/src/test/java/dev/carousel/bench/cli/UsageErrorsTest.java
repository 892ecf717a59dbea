package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's bad arguments: exit code 2, exactly one line on stderr naming the option, the value and what is
 * allowed, nothing on stdout, no exception text; and nothing written (the checks come before any work).
 */
class UsageErrorsTest {
    @TempDir
    static Path tmp;

    private static final String IDS = "[1, 2a, 2b, 2c, 3a, 3b, 3c, 4, 5, 6a, 6b, adding, copy]";

    /** {command line, the expected line on stderr}. */
    private static List<String[]> table() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String f = file.toString();
        String out = tmp.resolve("never-written").toString();
        return List.of(
                new String[] {"reproduce 9z --out " + out, "carousel reproduce: Invalid value for TASK: '9z' "
                        + "(unknown task id '9z'; known ids: " + IDS + "; see carousel reproduce --help)"},
                new String[] {"reproduce 4:T=abc --out " + out, "carousel reproduce: Invalid value for TASK: "
                        + "'4:T=abc' (parameter 'T' must be an integer, got 'abc'; see carousel reproduce --help)"},
                new String[] {"reproduce 4:X=1 --out " + out, "carousel reproduce: Invalid value for TASK: '4:X=1' "
                        + "(task '4' has no parameter 'X'; known parameters: [T]; see carousel reproduce --help)"},
                new String[] {"reproduce 4 --trials 0 --out " + out,
                        "carousel reproduce: Invalid value for --trials: '0' (expected a whole number of at least 1)"},
                new String[] {"reproduce 4 --budget -5 --out " + out,
                        "carousel reproduce: Invalid value for --budget: '-5' (expected a whole number of at least 1)"},
                new String[] {"reproduce 4 --threads 0 --out " + out,
                        "carousel reproduce: Invalid value for --threads: '0' (expected a whole number of at least 1)"},
                new String[] {"reproduce 4 --trials abc --out " + out,
                        "carousel reproduce: Invalid value for option '--trials': 'abc' is not an int"},
                new String[] {"reproduce 4 --impl foo --out " + out,
                        "carousel reproduce: Invalid value for --impl: 'foo' (expected reference, dl4j or djl)"},
                new String[] {"reproduce 4 --cell foo --out " + out,
                        "carousel reproduce: Invalid value for --cell: 'foo' (expected one of lstm1997, peephole, np, "
                                + "nfg, cifg, gru, gru-before, rnn)"},
                new String[] {"reproduce 4 --update foo --out " + out,
                        "carousel reproduce: Invalid value for --update: 'foo' (expected step or sequence)"},
                new String[] {"reproduce 4 --input-gate-bias=-3,-6 --cell gru --out " + out,
                        "carousel reproduce: Invalid value for --input-gate-bias: '-3.0,-6.0' (applies to the paper's "
                                + "memory blocks only (--impl reference --cell lstm1997); got --impl reference --cell "
                                + "gru)"},
                new String[] {"reproduce 4 3a --input-gate-bias=-3,-6 --out " + out,
                        "carousel reproduce: Invalid value for --input-gate-bias: '-3.0,-6.0' (expected one value per "
                                + "memory block: task 3a has 3, got 2)"},
                new String[] {"reproduce adding --input-gate-bias=-1 --out " + out,
                        "carousel reproduce: Invalid value for --input-gate-bias: '-1.0' (task adding has no "
                                + "memory-block network in the paper)"},
                new String[] {"reproduce 4 --gradient foo --out " + out,
                        "carousel reproduce: Invalid value for --gradient: 'foo' (expected truncated or exact)"},
                new String[] {"reproduce 4 --out " + f, "carousel reproduce: Invalid value for --out: '" + f
                        + "' (a file of that name exists; expected a folder)"},
                new String[] {"reproduce 4 --out " + f + "/sub", "carousel reproduce: Invalid value for --out: '" + f
                        + "/sub' (cannot create or write the folder: Not a directory)"},
                new String[] {"reproduce --out " + out, "carousel reproduce: Missing required parameter: 'TASK'"},
                new String[] {"reproduce 4 --bogus", "carousel reproduce: Unknown option: '--bogus'"},
                new String[] {"seq2seq --impl foo --out " + out, "carousel seq2seq: Invalid value for --impl: 'foo' "
                        + "(expected one of reference, dl4j, djl)"},
                new String[] {"seq2seq --task foo --out " + out, "carousel seq2seq: Invalid value for --task: 'foo' "
                        + "(expected reversal, addition or all)"},
                new String[] {"seq2seq --seed x", "carousel seq2seq: Invalid value for option '--seed': 'x' is not a "
                        + "long"},
                new String[] {"seq2seq --out " + f, "carousel seq2seq: Invalid value for --out: '" + f
                        + "' (a file of that name exists; expected a folder)"},
                new String[] {"bench --threads 0 --out " + out,
                        "carousel bench: Invalid value for --threads: '0' (expected a whole number of at least 1)"},
                new String[] {"bench --param batch --out " + out, "carousel bench: Invalid value for --param: 'batch' "
                        + "(expected NAME=V1,V2,..., e.g. batch=32)"},
                new String[] {"bench --include ( --out " + out, "carousel bench: Invalid value for --include: '(' "
                        + "(not a regular expression: Unclosed group)"},
                new String[] {"bench --out " + f, "carousel bench: Invalid value for --out: '" + f
                        + "' (a file of that name exists; expected a folder)"},
                new String[] {"verify", "carousel verify: Missing required option: '--vectors=DIR'"},
                new String[] {"verify --vectors " + out, "carousel verify: Invalid value for --vectors: '" + out
                        + "' (no such folder)"},
                new String[] {"vectors generate --out " + f, "carousel vectors generate: Invalid value for --out: '"
                        + f + "' (a file of that name exists; expected a folder)"},
                new String[] {"vectors", "carousel vectors: missing subcommand; one of [generate]"},
                new String[] {"nonsense", "carousel: Unmatched argument at index 0: 'nonsense'"});
    }

    @TestFactory
    List<DynamicTest> badArgumentsExitTwoWithOneLine() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] row : table()) {
            tests.add(DynamicTest.dynamicTest(row[0], () -> {
                VerifyCommandTest.Run r = VerifyCommandTest.run(row[0].split(" "));
                assertEquals(2, r.exit(), r.out() + r.err());
                assertEquals(row[1] + System.lineSeparator(), r.err());
                assertEquals("", r.out());
                assertFalse(r.err().contains("Exception"), r.err());
                assertFalse(Files.exists(tmp.resolve("never-written")), "nothing written before the checks");
            }));
        }
        return tests;
    }
}
