package dev.carousel.bench.league;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.bench.harness.CellChoice;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The league's jobs, its thread-pool runner, a stop midway, and the cells it adds. */
class LeagueTest {

    @Test
    void jobsAreSeededPerTaskAndTrialAndSkipWhatABackendCannotTrain() {
        List<LeagueJob> jobs = League.jobs(List.of("2a", "4:T=50"), List.of(CellChoice.RNN, CellChoice.GRU),
                List.of("reference", "djl"), 2, 100, true, 50L);
        List<String> keys = jobs.stream().map(j -> j.impl() + " " + j.task() + " " + j.cell() + " " + j.seed())
                .toList();
        assertEquals(List.of(
                "reference 2a rnn 100", "reference 2a rnn 101", "reference 2a gru 100", "reference 2a gru 101",
                "reference 4:T=50 rnn 1100", "reference 4:T=50 rnn 1101", "reference 4:T=50 gru 1100",
                "reference 4:T=50 gru 1101",
                "djl 2a gru 100", "djl 2a gru 101", "djl 4:T=50 gru 1100", "djl 4:T=50 gru 1101"), keys);
        assertTrue(jobs.stream().allMatch(j -> j.budget() == 50 && j.quick()));
        assertNotNull(LeagueJob.unsupported("djl", CellChoice.RNN));
        assertNull(LeagueJob.unsupported("dl4j", CellChoice.RNN));
    }

    @Test
    void aJobGivesTheSameRowWhereverItRuns() throws Exception {
        List<LeagueJob> jobs = League.jobs(List.of("4:T=20"), List.of(CellChoice.RNN, CellChoice.NFG),
                List.of("reference"), 2, 7, true, 40L);
        List<LeagueRow> pooled = new League().run(jobs, 2, r -> { });
        List<LeagueRow> again = new ArrayList<>();
        for (int i = jobs.size() - 1; i >= 0; i--) {                 // other order, one thread
            again.add(0, jobs.get(i).run());
        }
        assertEquals(4, pooled.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(again.get(i).withoutTiming(), pooled.get(i).withoutTiming(), "job " + i);
        }
        // the trials differ from each other (seeds and cells matter)
        assertFalse(pooled.get(0).withoutTiming().equals(pooled.get(1).withoutTiming()));
        assertFalse(pooled.get(0).withoutTiming().equals(pooled.get(2).withoutTiming()));
    }

    @Test
    void aRunStoppedMidwayReportsTheFinishedTrials(@TempDir Path dir) throws Exception {
        List<LeagueJob> jobs = League.jobs(List.of("4:T=20"), List.of(CellChoice.RNN), List.of("reference"), 50, 1,
                true, 30L);
        League league = new League();
        AtomicInteger seen = new AtomicInteger();
        List<LeagueRow> rows = league.run(jobs, 1, r -> {
            if (seen.incrementAndGet() == 3) {
                league.requestStop();
            }
        });
        assertTrue(league.stopRequested());
        assertEquals(3, rows.size(), "the three finished trials, none after the stop");
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(LeagueRow::seed).toList());
        LeagueReport.write(dir, rows, List.of("reference"), List.of("rnn"), List.of("4:T=20"), Map.of("interrupted",
                true), List.of("interrupted: 3 of 50 trials finished and are reported"));
        assertEquals(4, Files.readAllLines(dir.resolve("trials.csv")).size());
        assertTrue(Files.readString(dir.resolve("league.md")).contains("| reference | rnn | 4:T=20 | 3 |"));
    }

    @Test
    void theCellsTrainOnTheReference() {
        for (CellChoice c : CellChoice.values()) {
            LeagueRow r = new LeagueJob("4:T=20", c.key(), "reference", 3, 20, true).run();
            assertEquals(20, r.sequences(), c.key());
            assertEquals(c.key(), r.cell());
            assertTrue(Double.isFinite(r.testLoss()), c.key());
        }
    }

    @Test
    void theFrameworkBackendsTrainTheNewCells() {
        for (String impl : List.of("dl4j", "djl")) {
            for (CellChoice c : List.of(CellChoice.GRU_BEFORE, CellChoice.CIFG, CellChoice.NFG)) {
                LeagueRow r = new LeagueJob("4:T=20", c.key(), impl, 3, 32, true).run();
                assertEquals(32, r.sequences(), impl + " " + c.key());
                assertTrue(Double.isFinite(r.testLoss()), impl + " " + c.key());
            }
        }
    }

    @Test
    void theCellVariantsHaveTheirFlags() {
        LstmSpec np = CellChoice.NP.lstmSpec(3, 4);
        assertEquals(List.of(false, true, false), List.of(np.peepholes(), np.forgetGate(), np.coupledInputForget()));
        LstmSpec nfg = CellChoice.NFG.lstmSpec(3, 4);
        assertEquals(List.of(true, false, false),
                List.of(nfg.peepholes(), nfg.forgetGate(), nfg.coupledInputForget()));
        LstmSpec cifg = CellChoice.CIFG.lstmSpec(3, 4);
        assertEquals(List.of(true, true, true),
                List.of(cifg.peepholes(), cifg.forgetGate(), cifg.coupledInputForget()));
        assertEquals(LstmSpec.peephole(3, 4), CellChoice.PEEPHOLE.lstmSpec(3, 4));
        assertEquals(LstmSpec.lstm1997(3, 4), CellChoice.LSTM1997.lstmSpec(3, 4));
        assertEquals(new GruSpec(3, 4, true), CellChoice.GRU.gruSpec(3, 4));
        assertEquals(new GruSpec(3, 4, false), CellChoice.GRU_BEFORE.gruSpec(3, 4));
        assertNull(CellChoice.RNN.lstmSpec(3, 4));
        assertNull(CellChoice.RNN.gruSpec(3, 4));
        assertEquals(CellChoice.GRU_BEFORE, CellChoice.parse("GRU-before"));
    }
}
