package dev.carousel.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.bench.cli.CarouselCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small end-to-end reproduction through the command line: experiment 2a with a short lag (p = 10), where the
 * paper's 1997 LSTM (one cell, one input gate, connectivity B) learns within a few thousand sequences; and a run
 * that cannot succeed in its budget, which must say so; experiment 3a (T = 100, information only in the first 3
 * of 100-110 steps), which the paper's truncated gradient learns (the paper: 39,850 sequences on average; this
 * seed: 10,000).
 */
class ReproductionTest {

    @Test
    void shortLagIsLearnedAndReported(@TempDir Path out) throws Exception {
        int code = CarouselCli.commandLine().execute("reproduce", "2a:p=10", "--quick", "--trials", "2",
                "--budget", "30000", "--out", out.toString());
        assertEquals(0, code);
        String csv = Files.readString(out.resolve("trials.csv"));
        assertEquals(3, csv.lines().count(), csv);
        assertTrue(csv.lines().skip(1).allMatch(l -> l.contains(",true,")), "both trials solve p = 10:\n" + csv);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| 2/2 (100 %) |"), md);
        assertTrue(Files.size(out.resolve("curves-2a.png")) > 1000);
        assertTrue(Files.size(out.resolve("success.png")) > 1000);
        assertTrue(Files.readString(out.resolve("trials.json")).contains("\"machine\""));
    }

    @Test
    void aBudgetTooSmallIsAFailureNotASuccess(@TempDir Path out) throws Exception {
        int code = CarouselCli.commandLine().execute("reproduce", "4", "--quick", "--budget", "200", "--out",
                out.toString());
        assertEquals(0, code);
        String csv = Files.readString(out.resolve("trials.csv"));
        assertTrue(csv.lines().skip(1).allMatch(l -> l.contains(",false,200,")), csv);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| 0/1 (0 %) |"));
    }

    @Test
    void twoSequenceProblemIsLearnedWithThePapersTruncatedGradient(@TempDir Path out) throws Exception {
        int code = CarouselCli.commandLine().execute("reproduce", "3a", "--quick", "--seed", "2003", "--budget",
                "20000", "--out", out.toString());
        assertEquals(0, code);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| 1/1 (100 %) |"), md);
        assertTrue(md.contains("--gradient truncated") && md.contains("learn with the paper's truncated gradient"),
                md);
    }

    @Test
    void anUnknownGradientIsRejected(@TempDir Path out) {
        int code = CarouselCli.commandLine().execute("reproduce", "3a", "--quick", "--budget", "10", "--gradient",
                "sideways", "--out", out.toString());
        assertEquals(CarouselCli.EXIT_USAGE, code);                 // a usage error, before any training
        assertTrue(!Files.exists(out.resolve("summary.md")));
    }
}
