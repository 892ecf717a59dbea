package dev.carousel.tasks;

import static dev.carousel.tasks.EmbeddedReberGrammarTest.assertOneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VeryLongLagTest {

    private static int symbol(double[] row) {
        for (int k = 0; k < row.length; k++) {
            if (row[k] == 1.0) {
                return k;
            }
        }
        return -1;
    }

    @Test
    void sequencesFollowTheConstruction() {
        int q = 50;
        int p = 20;
        VeryLongLag task = new VeryLongLag(q, p);
        SplittableRandom rng = new SplittableRandom(20);
        int n = 3000;
        int y = 0;
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            int steps = s.length();
            assertTrue(steps >= q + 3, "input b, c, q distractors, e");
            assertEquals(p + 4, s.inputSize());
            assertOneHot(s.inputs()[0], p + 1); // b
            int c = symbol(s.inputs()[1]);
            assertTrue(c == p + 2 || c == p + 3, "class symbol x or y");
            for (int t = 2; t < steps - 1; t++) {
                int a = symbol(s.inputs()[t]);
                assertTrue(a >= 0 && a < p, "distractor at " + t + " was " + a);
                assertOneHot(s.inputs()[t], a);
            }
            assertOneHot(s.inputs()[steps - 1], p); // e, the trigger, only at the end
            int label = c - (p + 2);
            assertEquals(label, s.label());
            y += label;
            for (int t = 0; t < steps; t++) {
                assertEquals(t == steps - 1, s.targetMask()[t]);
            }
            assertOneHot(s.targets()[steps - 1], label);
        }
        assertEquals(n / 2.0, y, 5 * Math.sqrt(n * 0.25));
    }

    @Test
    void meanStringLengthIsQPlus13AndDistractorsAreUniform() {
        int q = 10;
        int p = 5;
        VeryLongLag task = new VeryLongLag(q, p);
        SplittableRandom rng = new SplittableRandom(21);
        int n = 20000;
        double sum = 0;
        double sumSq = 0;
        long[] counts = new long[p];
        long distractors = 0;
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            double len = s.length() + 1; // the paper's string also holds the final target symbol
            sum += len;
            sumSq += len * len;
            for (int t = 2; t < s.length() - 1; t++) {
                counts[symbol(s.inputs()[t])]++;
                distractors++;
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        // k ~ Geometric(0.1) failures: E = 9, Var = 0.9/0.01 = 90
        assertEquals(Math.sqrt(90), sd, 0.3);
        double se = Math.sqrt(90.0 / n);
        assertEquals(q + 13, mean, 5 * se);
        assertTrue(Math.abs(mean - (q + 14)) > 5 * se, "the printed q+14 is excluded");
        for (long c : counts) {
            double e = distractors / (double) p;
            assertEquals(e, c, 5 * Math.sqrt(e * (1 - 1.0 / p)));
        }
        assertEquals(q + 9, distractors / (double) n, 5 * se, "q + E[k] distractors per sequence");
    }

    @Test
    void criterionIsAbs02OnBothOutputsAtTheEnd() {
        VeryLongLag task = new VeryLongLag(50, 50);
        Sequence s = task.next(new SplittableRandom(22));
        double[][] y = LongLagSymbolPredictionTest.copy(s.targets());
        assertTrue(task.criterion().isCorrect(s, y));
        y[s.length() - 1][1 - s.label()] = 0.19;
        assertTrue(task.criterion().isCorrect(s, y));
        y[s.length() - 1][1 - s.label()] = 0.21;
        assertFalse(task.criterion().isCorrect(s, y));
        y = LongLagSymbolPredictionTest.copy(s.targets());
        y[0][0] = 5.0;
        assertTrue(task.criterion().isCorrect(s, y), "steps before the end are not inspected");
    }
}
