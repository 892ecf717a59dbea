package dev.carousel.bench.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.MemoryBlockGradient;
import dev.carousel.reference.UpdateTiming;

import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.DelayTasks;
import dev.carousel.tasks.Hs97Architecture;
import dev.carousel.tasks.Hs97Architectures;
import dev.carousel.tasks.Sequence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The paper's networks as built by the harness: their weight counts equal Table 10's printed column w; when their
 * weights change (per target step or per sequence).
 */
class ReferenceLearnerTest {

    @Test
    void everyTable10RowHasThePrintedNumberOfWeights() {
        int rows = 0;
        for (Hs97Architecture row : Hs97Architectures.all()) {
            Map<String, String> params = new LinkedHashMap<>(row.taskParameters());
            DelayTask task = DelayTasks.create(row.taskId(), params);
            NetworkPlan plan = NetworkPlan.forTask(task);
            String d = new ReferenceLearner(task, CellChoice.LSTM1997, plan, 1).describe();
            if (plan.architecture().orElseThrow().row().equals(row.row())) {
                assertTrue(d.contains(" " + row.printedWeights() + " weights"),
                        "row " + row.row() + ": printed " + row.printedWeights() + ", built: " + d);
                rows++;
            }
        }
        assertTrue(rows >= 12, "checked " + rows + " rows");
    }

    /**
     * The labelled deviation: fixed input-gate biases reach the network's input gates (and only them); a row without
     * biases (2c) gets gate biases, output gates starting at 0; the description names the deviation.
     */
    @Test
    void inputGateBiasDeviationSetsTheInputGatesAndIsLabelled() {
        DelayTask t2c = DelayTasks.create("2c");
        LearnerFactory factory = NetworkPlan.withInputGateBias(LearnerFactory.forName("reference"),
                new double[] {-2.5, -4.5});
        ReferenceLearner l = (ReferenceLearner) factory.create(t2c, CellChoice.LSTM1997, NetworkPlan.forTask(t2c), 7);
        dev.carousel.reference.MemoryBlockCell cell = (dev.carousel.reference.MemoryBlockCell) l.network().cell();
        double[] b = cell.params().get("b").value;
        assertEquals(-2.5, b[cell.inputGateUnit(0)]);
        assertEquals(-4.5, b[cell.inputGateUnit(1)]);
        assertEquals(0.0, b[cell.outputGateUnit(0)]);
        assertEquals(0.0, b[cell.outputGateUnit(1)]);
        assertTrue(cell.biased(cell.inputGateUnit(0)) && cell.biased(cell.outputGateUnit(1)));
        assertTrue(l.describe().contains("deviation: input-gate bias"), l.describe());
        ReferenceLearner plain = new ReferenceLearner(t2c, CellChoice.LSTM1997, NetworkPlan.forTask(t2c), 7);
        dev.carousel.reference.MemoryBlockCell p = (dev.carousel.reference.MemoryBlockCell) plain.network().cell();
        assertFalse(p.biased(p.inputGateUnit(0)), "the printed 2c row has no biases");
        assertFalse(plain.describe().contains("deviation"), plain.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hs97Architectures.forTask(t2c).orElseThrow().withInputGateBias(-1));
        assertEquals("row 2c-2: input-gate biases need one value per block (2), got 1", e.getMessage());
    }

    @Test
    void memoryBlocksUpdatePerStepByDefaultEverythingElsePerSequence() {
        DelayTask t3a = DelayTasks.create("3a");
        assertEquals(UpdateTiming.STEP,
                new ReferenceLearner(t3a, CellChoice.LSTM1997, NetworkPlan.forTask(t3a), 1).updateTiming());
        assertEquals(UpdateTiming.SEQUENCE, new ReferenceLearner(t3a, CellChoice.LSTM1997,
                NetworkPlan.forTask(t3a, MemoryBlockGradient.EXACT), 1).updateTiming());
        assertEquals(UpdateTiming.SEQUENCE,
                new ReferenceLearner(t3a, CellChoice.PEEPHOLE, NetworkPlan.forTask(t3a), 1).updateTiming());
        assertEquals(UpdateTiming.SEQUENCE, new ReferenceLearner(t3a, CellChoice.LSTM1997,
                NetworkPlan.forTask(t3a).withUpdate(UpdateTiming.SEQUENCE), 1).updateTiming());
        DelayTask copy = DelayTasks.create("copy");
        assertEquals(UpdateTiming.SEQUENCE,
                new ReferenceLearner(copy, CellChoice.LSTM1997, NetworkPlan.forTask(copy), 1).updateTiming());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReferenceLearner(t3a,
                CellChoice.PEEPHOLE, NetworkPlan.forTask(t3a).withUpdate(UpdateTiming.STEP), 1));
        assertTrue(e.getMessage().contains("--update step"), e.getMessage());
    }

    @Test
    void anExplicitStepIsRefusedBeforeTheRunWhereItDoesNotExist() {
        List<DelayTask> paper = List.of(DelayTasks.create("3a"));
        NetworkPlan.checkUpdate(UpdateTiming.STEP, "reference", CellChoice.LSTM1997,
                MemoryBlockGradient.TRUNCATED_1997, paper);
        NetworkPlan.checkUpdate(UpdateTiming.SEQUENCE, "dl4j", CellChoice.GRU, MemoryBlockGradient.EXACT, paper);
        NetworkPlan.checkUpdate(null, "dl4j", CellChoice.GRU, MemoryBlockGradient.EXACT, paper);
        String[][] bad = {{"dl4j", "lstm1997", "truncated", "3a", "--impl dl4j"},
            {"reference", "gru", "truncated", "3a", "--cell gru"},
            {"reference", "lstm1997", "exact", "3a", "--gradient exact"},
            {"reference", "lstm1997", "truncated", "copy", "task copy"}};
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkPlan.checkUpdate(
                    UpdateTiming.STEP, b[0], CellChoice.parse(b[1]), b[2].equals("exact")
                            ? MemoryBlockGradient.EXACT : MemoryBlockGradient.TRUNCATED_1997,
                    List.of(DelayTasks.create(b[3]))));
            assertTrue(e.getMessage().contains(b[4]), e.getMessage());
        }
    }

    /**
     * With error only at the sequence end (3a) one update per target step is one update per sequence: both
     * timings give the same outputs, sequence after sequence. With error at every step (1, the embedded Reber
     * grammar) they differ.
     */
    @Test
    void perStepEqualsPerSequenceWhenOnlyTheLastStepCarriesError() {
        assertEquals(0.0, outputGap("3a"), 1e-12);
        assertTrue(outputGap("1") > 1e-6, "1: per-step and per-sequence updates gave the same outputs");
    }

    private static double outputGap(String spec) {
        DelayTask task = DelayTasks.parse(spec);
        ReferenceLearner step = new ReferenceLearner(task, CellChoice.LSTM1997,
                NetworkPlan.forTask(task).withUpdate(UpdateTiming.STEP), 7);
        ReferenceLearner seq = new ReferenceLearner(task, CellChoice.LSTM1997,
                NetworkPlan.forTask(task).withUpdate(UpdateTiming.SEQUENCE), 7);
        SplittableRandom rng = new SplittableRandom(3);
        double gap = 0;
        for (int n = 0; n < 20; n++) {
            Sequence s = task.next(rng);
            double[][] a = step.train(List.of(s)).get(0);
            double[][] b = seq.train(List.of(s)).get(0);
            for (int t = 0; t < a.length; t++) {
                for (int k = 0; k < a[t].length; k++) {
                    gap = Math.max(gap, Math.abs(a[t][k] - b[t][k]));
                }
            }
        }
        return gap;
    }

    @Test
    void perStepUpdatesKeepTheAbsentBlockOfTheSequentialConstructionUnchanged() {
        DelayTask task = DelayTasks.parse("2a:p=10");
        ReferenceLearner learner = new ReferenceLearner(task, CellChoice.LSTM1997, NetworkPlan.forTask(task), 5);
        assertEquals(UpdateTiming.STEP, learner.updateTiming());
        double[] hidden = learner.network().params().get("hidden.w").value.clone();
        double[] outW = learner.network().params().get("out.w").value.clone();
        double[] shortcut = learner.network().params().get("out.w_x").value.clone();
        SplittableRandom rng = new SplittableRandom(4);
        for (int n = 0; n < SequentialConstruction.WINDOW - 1; n++) {
            learner.train(List.of(task.next(rng)));
        }
        assertArrayEquals(hidden, learner.network().params().get("hidden.w").value);
        assertArrayEquals(outW, learner.network().params().get("out.w").value);
        assertFalse(java.util.Arrays.equals(shortcut, learner.network().params().get("out.w_x").value));
    }
}
