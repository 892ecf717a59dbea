package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tasks 4 (adding, 1997) and 5 (multiplication): layout, targets from the inputs, baselines. */
class MarkedPairsTasksTest {

    /** The indices whose marker is +1, checked to be exactly two. */
    private static int[] marked(Sequence s) {
        int[] m = new int[2];
        int found = 0;
        for (int t = 0; t < s.length(); t++) {
            if (s.inputs()[t][1] == 1.0) {
                assertTrue(found < 2, "more than two marked pairs");
                m[found++] = t;
            }
        }
        assertEquals(2, found, "exactly two marked pairs");
        return m;
    }

    /** Checks everything the definition fixes; returns the two marked indices. */
    private static int[] checkLayout(Sequence s, int T, double lo, double hi, double valueAtStart) {
        int len = s.length();
        assertTrue(len >= T && len <= T + T / 10, "length " + len + " for T=" + T);
        int[] m = marked(s);
        assertTrue(m[0] <= 9, "one marked pair among the first ten");
        assertTrue(m[1] <= T / 2 - 1, "the other among the first T/2-1 unmarked pairs");
        assertTrue(len - 1 - m[1] >= T / 2, "minimal lag T/2");
        for (int t = 0; t < len; t++) {
            double marker = s.inputs()[t][1];
            boolean isMarked = t == m[0] || t == m[1];
            double expectedMarker = isMarked ? 1.0 : (t == 0 || t == len - 1) ? -1.0 : 0.0;
            if (marker != expectedMarker) {
                throw new AssertionError("marker at " + t + ": expected " + expectedMarker + ", got " + marker);
            }
            double v = s.inputs()[t][0];
            if (t == 0 && isMarked) {
                assertEquals(valueAtStart, v, "a marked first pair has its value replaced");
            } else if (!(v >= lo && v < hi)) {
                throw new AssertionError("value " + v + " at " + t + " outside [" + lo + ", " + hi + ")");
            }
            if (s.targetMask()[t] != (t == len - 1)) {
                throw new AssertionError("target mask at " + t);
            }
        }
        return m;
    }

    @Test
    void addingLayoutAndTargetForSeveralT() {
        for (int T : new int[] {20, 21, 100, 1000}) {
            AddingProblem1997 task = new AddingProblem1997(T);
            SplittableRandom rng = new SplittableRandom(40 + T);
            int n = T == 1000 ? 300 : 1500;
            for (int i = 0; i < n; i++) {
                Sequence s = task.next(rng);
                int[] m = checkLayout(s, T, -1.0, 1.0, 0.0);
                double expected = 0.5 + (s.inputs()[m[0]][0] + s.inputs()[m[1]][0]) / 4.0;
                assertEquals(expected, s.targets()[s.length() - 1][0], 1e-15);
                assertEquals(-1, s.label());
            }
        }
    }

    @Test
    void multiplicationLayoutAndTarget() {
        MultiplicationProblem task = new MultiplicationProblem(100);
        SplittableRandom rng = new SplittableRandom(41);
        for (int i = 0; i < 3000; i++) {
            Sequence s = task.next(rng);
            int[] m = checkLayout(s, 100, 0.0, 1.0, 1.0);
            assertEquals(s.inputs()[m[0]][0] * s.inputs()[m[1]][0], s.targets()[s.length() - 1][0], 1e-15);
        }
    }

    @Test
    void firstPairIsMarkedWithProbabilityOneTenthPlusSecondMarkerShare() {
        int T = 100;
        AddingProblem1997 task = new AddingProblem1997(T);
        SplittableRandom rng = new SplittableRandom(42);
        int n = 20000;
        int atStart = 0;
        int[] firstTen = new int[10];
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            int[] m = marked(s);
            atStart += m[0] == 0 ? 1 : 0;
            if (m[1] > 9) {
                firstTen[m[0]]++; // only one marker in the first ten: it is X1, uniform over 0..9
            }
        }
        // X1 at 0 with probability 1/10; X2 at 0 with 9/10 * 1/(T/2-1)
        double p = 0.1 + 0.9 / (T / 2 - 1);
        assertEquals(n * p, atStart, 5 * Math.sqrt(n * p * (1 - p)));
        int total = 0;
        for (int c : firstTen) {
            total += c;
        }
        for (int k = 0; k < 10; k++) {
            assertEquals(total / 10.0, firstTen[k], 5 * Math.sqrt(total * 0.1 * 0.9), "X1 position " + k);
        }
    }

    /** Mean of the squared error of a constant prediction, overall and restricted to unmarked first pairs. */
    private static double[] constantMse(DelayTask task, double constant, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double sum = 0;
        double sumSq = 0;
        double sumClean = 0;
        double sumCleanSq = 0;
        int clean = 0;
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            double d = s.targets()[s.length() - 1][0];
            double e = (d - constant) * (d - constant);
            sum += e;
            sumSq += e * e;
            if (s.inputs()[0][1] != 1.0) {
                sumClean += e;
                sumCleanSq += e * e;
                clean++;
            }
        }
        double mean = sum / n;
        double meanClean = sumClean / clean;
        double se = Math.sqrt((sumSq / n - mean * mean) / n);
        double seClean = Math.sqrt((sumCleanSq / clean - meanClean * meanClean) / clean);
        return new double[] {mean, 5 * se, meanClean, 5 * seClean};
    }

    @Test
    void addingBaselineConstantHalfGivesAbout1Over24() {
        AddingProblem1997 task = new AddingProblem1997(100);
        double[] r = constantMse(task, 0.5, 25000, 43);
        TrivialBaseline b = task.baseline().orElseThrow();
        assertEquals(b.expectedLoss(), r[0], r[1], "exact expectation with the first-pair rule");
        assertEquals(1.0 / 24.0, r[2], r[3], "without a marked first pair: Var(X1+X2)/16 = (2/3)/16");
        assertEquals(1.0 / 24.0, b.expectedLoss(), 0.003, "about 1/24");
        // the same number through the public baseline and loss
        Sequence s = task.next(new SplittableRandom(1));
        double d = s.targets()[s.length() - 1][0];
        assertEquals((d - 0.5) * (d - 0.5), task.loss().of(s, b.predict(s)), 1e-15);
    }

    @Test
    void multiplicationBaselineConstantQuarterGives7Over144WithoutTheFirstPairRule() {
        MultiplicationProblem task = new MultiplicationProblem(100);
        double[] r = constantMse(task, 0.25, 25000, 44);
        double expected = task.baseline().orElseThrow().expectedLoss();
        assertEquals(expected, r[0], r[1], "exact expectation with the first-pair rule");
        assertEquals(7.0 / 144.0, r[2], r[3], "without a marked first pair: E[(UV)^2] - 1/16 = 1/9 - 1/16");
    }
}
