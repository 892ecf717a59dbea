package dev.carousel.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.tasks.DelayTasks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link DelayTaskShape} against facts written down independently of the code: the input width I, the paper
 * network's memory cells H (blocks x block size of its Table 10 row) and the sequence length range of every delay
 * task, hard-coded from Hochreiter &amp; Schmidhuber 1997 (sections 5.1-5.6, Table 10) and, for adding and copy, from
 * Arjovsky et al. 2016 (fixed T and T+20 steps) with the modern set-up's 32 hidden units.
 */
class DelayTaskShapeTest {

    /** I, H and the inclusive range of T (input steps) the paper's definition allows. */
    private record Paper(int input, int hidden, int minTime, int maxTime, String source) {
    }

    private static final Map<String, Paper> PAPER = new LinkedHashMap<>();

    static {
        // Exp 1: 7 one-hot symbols; row 1-1: 4 blocks x 1 cell. The shortest embedded Reber string, B T B T X S E T E,
        // has 9 symbols, so at least 8 input steps; strings loop, so no fixed upper bound (32 draws stay < 100).
        PAPER.put("1", new Paper(7, 4, 8, 100, "Exp 1, Table 10 row 1-1"));
        // Exp 2a/2b: p+1 = 101 one-hot symbols, 1 block x 1 cell; sequences of p+1 symbols predicted step by step.
        PAPER.put("2a", new Paper(101, 1, 100, 101, "Exp 2a, Table 10 row 2a"));
        PAPER.put("2b", new Paper(101, 1, 100, 101, "Exp 2b, Table 10 row 2b"));
        // Exp 2c: p+4 = 104 inputs, 2 blocks x 1 cell; b, class, q distractors, then k ~ Geom(0.1) more, then e:
        // at least q + 3 input steps (the final class symbol is the target).
        PAPER.put("2c", new Paper(104, 2, 103, 103 + 200, "Exp 2c, Table 10 row 2c"));
        PAPER.put("2c:q=1000", new Paper(104, 2, 1003, 1003 + 200, "Exp 2c, Table 3 row q=1000"));
        PAPER.put("2c:q=1000;p=50", new Paper(54, 2, 1003, 1003 + 200, "Exp 2c, Table 3 row q=1000, p=50"));
        // Exp 3: one real input, 3 blocks x 1 cell; length uniform in [T, T + T/10].
        for (String v : new String[] {"3a", "3b", "3c"}) {
            PAPER.put(v, new Paper(1, 3, 100, 110, "Exp 3, Table 10 row 3a/3b/3c"));
        }
        // Exp 4 and 5: (value, marker) pairs, 2 blocks x 2 cells; length in [T, T + T/10].
        PAPER.put("4", new Paper(2, 4, 100, 110, "Exp 4, Table 10 row 4-1"));
        PAPER.put("4:T=1000", new Paper(2, 4, 1000, 1100, "Exp 4, Table 10 row 4-3"));
        PAPER.put("5", new Paper(2, 4, 100, 110, "Exp 5, Table 10 row 5"));
        // Exp 6: 8 one-hot symbols; 6a 2 blocks x 2 cells, 6b 3 blocks x 2 cells; length in [100, 110].
        PAPER.put("6a", new Paper(8, 4, 100, 110, "Exp 6a, Table 10 row 6a"));
        PAPER.put("6b", new Paper(8, 6, 100, 110, "Exp 6b, Table 10 row 6b"));
        // Arjovsky 2016: adding (T, 2) fixed length; copy one-hot of 10 symbols, T + 20 steps; 32 hidden units.
        PAPER.put("adding", new Paper(2, 32, 100, 100, "Arjovsky 2016 adding problem"));
        PAPER.put("copy", new Paper(10, 32, 120, 120, "Arjovsky 2016 copying memory"));
    }

    @Test
    void everyShapeMatchesThePaper() {
        for (Map.Entry<String, Paper> e : PAPER.entrySet()) {
            DelayTaskShape s = DelayTaskShape.of(e.getKey());
            Paper p = e.getValue();
            String what = "task " + e.getKey() + " (" + p.source() + "): ";
            assertEquals(p.input(), s.input(), what + "inputs");
            assertEquals(p.hidden(), s.hidden(), what + "memory cells / hidden units");
            assertTrue(s.time() >= p.minTime() && s.time() <= p.maxTime(),
                    what + "T must be in [" + p.minTime() + ", " + p.maxTime() + "], got " + s.time());
            assertEquals("task " + e.getKey() + " (I=" + p.input() + ", H=" + p.hidden() + ", T=" + s.time() + ")",
                    s.label());
        }
    }

    @Test
    void variableLengthTasksTakeTheLongestOfTheBatchNotTheNominalLength() {
        // 32 lengths uniform in [1000, 1100]: the chance that all are <= 1010 is (11/101)^32, i.e. never.
        assertTrue(DelayTaskShape.of("4:T=1000").time() > 1010, "T of 4:T=1000 = " + DelayTaskShape.of("4:T=1000")
                .time());
        // k ~ Geom(0.1) drawn 32 times: the chance that all are 0 is 0.1^32.
        assertTrue(DelayTaskShape.of("2c:q=1000").time() > 1003);
    }

    @Test
    void unknownTaskIsRejectedWithTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DelayTaskShape.of("9z"));
        assertTrue(e.getMessage().contains("known ids"), e.getMessage());
    }

    @Test
    void theBenchmarkCoversEveryDelayTaskOfThePapersAndTheModernSet() throws Exception {
        Set<String> covered = new TreeSet<>();
        for (String key : DelayTaskShapeBenchmark.class.getField("task").getAnnotation(Param.class).value()) {
            covered.add(DelayTaskShape.of(key).task().id());
        }
        Set<String> expected = new TreeSet<>(Set.of("1", "2a", "2b", "2c", "3a", "3b", "3c", "4", "5", "6a", "6b",
                "adding", "copy"));
        assertEquals(expected, covered, "the six 1997 experiments (13 task ids with adding and copy)");
        assertEquals(expected, new TreeSet<>(DelayTasks.ids()), "the registry holds exactly these tasks");
        Set<String> paperKeys = new TreeSet<>();
        PAPER.keySet().forEach(k -> paperKeys.add(DelayTasks.parse(k.replace(';', ',')).id()));
        assertEquals(expected, paperKeys, "this test states the paper's shape of every task");
    }
}
