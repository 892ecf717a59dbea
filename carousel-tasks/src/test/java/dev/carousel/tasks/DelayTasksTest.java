package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DelayTasksTest {
    private static final List<String> IDS =
            List.of("1", "2a", "2b", "2c", "3a", "3b", "3c", "4", "5", "6a", "6b", "adding", "copy");
    private static final List<String> ONE_HOT_INPUTS = List.of("1", "2a", "2b", "2c", "6a", "6b", "copy");

    /** Small but valid settings so the generic checks stay fast. */
    private static DelayTask small(String id) {
        switch (id) {
            case "2a":
            case "2b":
                return DelayTasks.create(id, Map.of("p", "10"));
            case "2c":
                return DelayTasks.create(id, Map.of("q", "20", "p", "8"));
            case "3a":
            case "3b":
            case "3c":
            case "4":
            case "5":
            case "adding":
            case "copy":
                return DelayTasks.create(id, Map.of("T", "30"));
            default:
                return DelayTasks.create(id);
        }
    }

    @Test
    void registryKnowsEveryTaskAndItsDefaults() {
        assertEquals(IDS, DelayTasks.ids());
        for (String id : IDS) {
            DelayTask task = DelayTasks.create(id);
            assertEquals(id, task.id());
            assertEquals(DelayTasks.defaults(id), Map.copyOf(task.parameters()));
        }
        assertEquals(Map.of("T", "100", "N", "3"), DelayTasks.defaults("3b"));
        assertEquals(Map.of("q", "1000", "p", "50"), DelayTasks.parse("2c:q=1000,p=50").parameters());
        assertEquals("500", DelayTasks.parse("4:T=500").parameters().get("T"));
        assertEquals(102, DelayTasks.create("2b", Map.of("p", "101")).inputSize());
    }

    @Test
    void badIdsAndParametersAreRejectedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("7"));
        assertTrue(e.getMessage().contains("'7'") && e.getMessage().contains(IDS.toString()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("4", Map.of("p", "3")));
        assertTrue(e.getMessage().contains("'p'") && e.getMessage().contains("[T]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("6a", Map.of("T", "3")));
        assertTrue(e.getMessage().contains("none"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("3a", Map.of("T", "ten")));
        assertTrue(e.getMessage().contains("'T'") && e.getMessage().contains("'ten'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("4", Map.of("T", "19")));
        assertTrue(e.getMessage().contains(">= 20") && e.getMessage().contains("19"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("3a", Map.of("N", "100")));
        assertTrue(e.getMessage().contains("N"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("1", Map.of("target", "soft")));
        assertTrue(e.getMessage().contains("sampled") && e.getMessage().contains("soft"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DelayTasks.parse("2c:q"));
        assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("2c", Map.of("p", "0")));
        assertThrows(IllegalArgumentException.class, () -> DelayTasks.create("copy", Map.of("T", "0")));
    }

    @Test
    void sameSeedGivesIdenticalSequencesDifferentSeedsDiffer() {
        for (String id : IDS) {
            DelayTask task = small(id);
            List<Sequence> a = task.sample(new SplittableRandom(7), 20);
            List<Sequence> b = task.sample(new SplittableRandom(7), 20);
            List<Sequence> c = task.sample(new SplittableRandom(8), 20);
            List<Sequence> r1 = task.sample(new Random(7), 5);
            List<Sequence> r2 = task.sample(new Random(7), 5);
            int differing = 0;
            for (int i = 0; i < 20; i++) {
                assertTrue(a.get(i).sameContent(b.get(i)), id + " sequence " + i);
                differing += a.get(i).sameContent(c.get(i)) ? 0 : 1;
            }
            for (int i = 0; i < 5; i++) {
                assertTrue(r1.get(i).sameContent(r2.get(i)), id + " with java.util.Random");
            }
            // 2a has only two sequences; all others differ almost surely
            assertTrue(id.equals("2a") ? differing >= 1 : differing == 20, id + ": " + differing + " differ");
        }
    }

    @Test
    void shapesOneHotCodingAndPerfectOutputsPassTheCriterion() {
        for (String id : IDS) {
            DelayTask task = small(id);
            SplittableRandom rng = new SplittableRandom(9);
            for (Sequence s : task.sample(rng, 50)) {
                assertEquals(task.inputSize(), s.inputSize(), id);
                assertEquals(task.outputSize(), s.outputSize(), id);
                if (ONE_HOT_INPUTS.contains(id)) {
                    for (double[] x : s.inputs()) {
                        assertOneHotRow(x, id);
                    }
                }
                for (int t = 0; t < s.length(); t++) {
                    for (double d : s.targets()[t]) {
                        assertTrue(Double.isFinite(d), id);
                        if (!s.targetMask()[t]) {
                            assertEquals(0.0, d, id + ": targets are zero where no error is given");
                        }
                    }
                }
                double[][] perfect = new double[s.length()][];
                for (int t = 0; t < s.length(); t++) {
                    perfect[t] = s.idealTargets()[t].clone();
                    if (s.legalNext() != null) {
                        for (int k = 0; k < perfect[t].length; k++) {
                            perfect[t][k] = s.legalNext()[t][k] ? 1.0 : 0.0;
                        }
                    }
                }
                assertTrue(task.criterion().isCorrect(s, perfect), id + " perfect outputs");
                perfect[s.lastTargetStep()][0] = Double.NaN;
                assertFalse(task.criterion().isCorrect(s, perfect), id + " NaN output must fail");
            }
        }
    }

    @Test
    void everyBaselineMeetsItsExpectedLossOnGeneratedData() {
        for (String id : IDS) {
            DelayTask task = small(id);
            if (task.baseline().isEmpty()) {
                assertTrue(List.of("1", "2a", "2b").contains(id), id + " lacks a baseline");
                continue;
            }
            TrivialBaseline b = task.baseline().get();
            SplittableRandom rng = new SplittableRandom(10);
            int n = 5000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                Sequence s = task.next(rng);
                double l = task.loss().of(s, b.predict(s));
                sum += l;
                sumSq += l * l;
            }
            double mean = sum / n;
            double se = Math.sqrt(Math.max(0.0, sumSq / n - mean * mean) / n);
            assertEquals(b.expectedLoss(), mean, 5 * se + 1e-12, id + ": " + b.description());
        }
    }

    private static void assertOneHotRow(double[] x, String id) {
        int ones = 0;
        for (double v : x) {
            if (v == 1.0) {
                ones++;
            } else if (v != 0.0) {
                throw new AssertionError(id + ": input component " + v + " is neither 0 nor 1");
            }
        }
        assertEquals(1, ones, id + ": exactly one active input");
    }
}
