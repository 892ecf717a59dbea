package dev.carousel.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.tasks.DelayTasks;
import dev.carousel.tasks.Sequence;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class DelayTaskShapeTest {

    @Test
    void copyHasTenInputsTheModernHiddenSizeAndTPlusTwentySteps() {
        DelayTaskShape s = DelayTaskShape.of("copy");
        assertEquals(10, s.input(), "copy: 10 one-hot inputs (blank, 8 data symbols, delimiter)");
        assertEquals(32, s.hidden(), "modern set-up: 32 hidden units");
        assertEquals(120, s.time(), "copy, T=100: T+20 steps");
        assertEquals("task copy (I=10, H=32, T=120)", s.label());
    }

    @Test
    void addingProblemAtThousandStepsUsesTableTenNetworkAndTheLongestOfThirtyTwoSequences() {
        DelayTaskShape s = DelayTaskShape.of("4:T=1000");
        assertEquals(2, s.input(), "task 4: (value, marker) inputs");
        assertEquals(4, s.hidden(), "Table 10 row 4-3: 2 blocks of 2 cells");
        int longest = 0;
        SplittableRandom rng = new SplittableRandom(DelayTaskShape.SEED);
        for (int k = 0; k < DelayTaskShape.SAMPLE; k++) {
            Sequence q = DelayTasks.parse("4:T=1000").next(rng);
            longest = Math.max(longest, q.length());
        }
        assertEquals(longest, s.time());
        assertTrue(s.time() >= 1000 && s.time() <= 1100, "task 4 lengths are T ... T + T/10, got " + s.time());
    }

    @Test
    void veryLongLagHasPPlusFourInputsAndTwoCells() {
        DelayTaskShape s = DelayTaskShape.of("2c:q=1000");
        assertEquals(104, s.input(), "p + 4 inputs with the default p = 100");
        assertEquals(2, s.hidden(), "2c: 2 blocks of 1 cell");
        assertTrue(s.time() >= 1003, "2c: q + 3 + k steps, got " + s.time());
        assertEquals(54, DelayTaskShape.of("2c:q=1000;p=50").input(), "';' separates task parameters");
    }

    @Test
    void unknownTaskIsRejectedWithTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DelayTaskShape.of("9z"));
        assertTrue(e.getMessage().contains("known ids"), e.getMessage());
    }

    @Test
    void benchmarkCoversEveryDelayTaskUpToAThousandStepsAtBatchOneAndThirtyTwo() throws Exception {
        int longest = 0;
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (String key : DelayTaskShapeBenchmark.class.getField("task").getAnnotation(Param.class).value()) {
            DelayTaskShape s = DelayTaskShape.of(key);
            covered.add(s.task().id());
            longest = Math.max(longest, s.time());
        }
        assertEquals(new java.util.HashSet<>(dev.carousel.tasks.DelayTasks.ids()), covered,
                "every delay task's own shape is benchmarked");
        assertTrue(DelayTaskShape.of("4").time() >= 100 && DelayTaskShape.of("4").time() <= 110,
                "the paper's T = 100 rows");
        assertTrue(longest >= 1000, "longest task T " + longest);
        assertArrayEquals(new String[] {"1", "32"},
                DelayTaskShapeBenchmark.class.getField("batch").getAnnotation(Param.class).value());
    }
}
