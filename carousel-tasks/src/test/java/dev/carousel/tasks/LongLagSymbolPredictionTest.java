package dev.carousel.tasks;

import static dev.carousel.tasks.EmbeddedReberGrammarTest.assertOneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongLagSymbolPredictionTest {
    private static final int P = 100;

    /** The symbol index of input or target row t of a one-hot sequence. */
    private static int symbol(double[] row) {
        int found = -1;
        for (int k = 0; k < row.length; k++) {
            if (row[k] == 1.0) {
                found = k;
            }
        }
        return found;
    }

    @Test
    void task2aIsExactlyTheTwoPaperSequences() {
        LongLagSymbolPrediction task = new LongLagSymbolPrediction(P, false);
        SplittableRandom rng = new SplittableRandom(10);
        Set<String> distinct = new HashSet<>();
        int y = 0;
        int n = 1000;
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            assertEquals(P, s.length());
            assertEquals(P + 1, s.inputSize());
            int c = symbol(s.inputs()[0]);
            assertTrue(c == P - 1 || c == P, "first symbol is x (a_p) or y");
            assertEquals(c == P ? 1 : 0, s.label());
            y += s.label();
            for (int t = 0; t < P; t++) {
                // input t: a_t (index t-1) for 1 <= t <= p-1; target t: the following symbol, the class at the end
                assertOneHot(s.inputs()[t], t == 0 ? c : t - 1);
                assertOneHot(s.targets()[t], t == P - 1 ? c : t);
                assertTrue(s.targetMask()[t]);
            }
            StringBuilder key = new StringBuilder();
            for (double[] row : s.inputs()) {
                key.append(symbol(row)).append(',');
            }
            distinct.add(key.toString());
        }
        assertEquals(2, distinct.size());
        assertEquals(n / 2.0, y, 5 * Math.sqrt(n * 0.25));
    }

    @Test
    void task2bHasAUniformRandomMiddleAndTheClassAtBothEnds() {
        LongLagSymbolPrediction task = new LongLagSymbolPrediction(P, true);
        SplittableRandom rng = new SplittableRandom(11);
        int n = 2000;
        long[] counts = new long[P + 1];
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            int c = symbol(s.inputs()[0]);
            assertOneHot(s.targets()[P - 1], c);
            for (int t = 1; t < P; t++) {
                int a = symbol(s.inputs()[t]);
                assertTrue(a >= 0 && a <= P - 2, "middle symbol from a_1..a_{p-1}");
                assertOneHot(s.targets()[t - 1], a);
                counts[a]++;
            }
        }
        double expected = n; // n(p-1) middle positions, each symbol with probability 1/(p-1)
        for (int a = 0; a <= P - 2; a++) {
            double sd = Math.sqrt(expected * (1 - 1.0 / (P - 1)));
            assertEquals(expected, counts[a], 5 * sd, "count of a_" + (a + 1));
        }
        assertEquals(0, counts[P - 1] + counts[P], "x and y never appear in the middle");
    }

    @Test
    void criteriaInspectEveryStepFor2aAndOnlyTheEndFor2b() {
        Sequence a = new LongLagSymbolPrediction(P, false).next(new SplittableRandom(12));
        Sequence b = new LongLagSymbolPrediction(P, true).next(new SplittableRandom(12));
        SuccessCriterion ca = new LongLagSymbolPrediction(P, false).criterion();
        SuccessCriterion cb = new LongLagSymbolPrediction(P, true).criterion();
        assertTrue(ca.isCorrect(a, copy(a.targets())));
        assertTrue(cb.isCorrect(b, copy(b.targets())));
        double[][] off = copy(a.targets());
        off[10][3] += 0.26;
        assertFalse(ca.isCorrect(a, off));
        double[][] offB = copy(b.targets());
        offB[10][3] += 0.26;
        assertTrue(cb.isCorrect(b, offB), "2b ignores the unpredictable middle");
        offB[P - 1][0] += 0.26;
        assertFalse(cb.isCorrect(b, offB));
        off = copy(a.targets());
        off[10][3] += 0.24;
        assertTrue(ca.isCorrect(a, off));
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
