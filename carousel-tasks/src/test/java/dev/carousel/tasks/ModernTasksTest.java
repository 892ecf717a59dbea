package dev.carousel.tasks;

import static dev.carousel.tasks.EmbeddedReberGrammarTest.assertOneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The modern adding problem and the copying-memory task (Arjovsky et al. 2016). */
class ModernTasksTest {

    @Test
    void addingHasOneMarkerPerHalfAndTheUnscaledSum() {
        int T = 100;
        AddingProblemModern task = new AddingProblemModern(T);
        SplittableRandom rng = new SplittableRandom(60);
        int[] firstHalf = new int[T / 2];
        int n = 5000;
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            assertEquals(T, s.length());
            int m1 = -1;
            int m2 = -1;
            for (int t = 0; t < T; t++) {
                double v = s.inputs()[t][0];
                assertTrue(v >= 0.0 && v < 1.0);
                double marker = s.inputs()[t][1];
                assertTrue(marker == 0.0 || marker == 1.0, "markers are 0/1 only");
                if (marker == 1.0) {
                    if (t < T / 2) {
                        assertEquals(-1, m1, "one marker in the first half");
                        m1 = t;
                    } else {
                        assertEquals(-1, m2, "one marker in the second half");
                        m2 = t;
                    }
                }
                assertEquals(t == T - 1, s.targetMask()[t]);
            }
            assertTrue(m1 >= 0 && m2 >= 0);
            firstHalf[m1]++;
            assertEquals(s.inputs()[m1][0] + s.inputs()[m2][0], s.targets()[T - 1][0], 0.0);
        }
        double e = n / (T / 2.0);
        for (int c : firstHalf) {
            assertEquals(e, c, 5 * Math.sqrt(e * (1 - 2.0 / T)));
        }
    }

    @Test
    void addingConstantOneGivesMseOneSixth() {
        AddingProblemModern task = new AddingProblemModern(100);
        SplittableRandom rng = new SplittableRandom(61);
        int n = 40000;
        double sum = 0;
        double sumSq = 0;
        TrivialBaseline b = task.baseline().orElseThrow();
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            double d = s.targets()[99][0];
            double e = (d - 1.0) * (d - 1.0);
            sum += e;
            sumSq += e * e;
            if (i < 100) {
                assertEquals(e, task.loss().of(s, b.predict(s)), 1e-15);
            }
        }
        double mean = sum / n;
        double se = Math.sqrt((sumSq / n - mean * mean) / n);
        assertEquals(1.0 / 6.0, mean, 5 * se);
        assertEquals(1.0 / 6.0, b.expectedLoss(), 1e-15);
    }

    @Test
    void copyLayout() {
        int T = 50;
        CopyMemory task = new CopyMemory(T);
        SplittableRandom rng = new SplittableRandom(62);
        for (int i = 0; i < 2000; i++) {
            Sequence s = task.next(rng);
            assertEquals(T + 20, s.length());
            int[] data = new int[10];
            for (int t = 0; t < T + 20; t++) {
                assertTrue(s.targetMask()[t]);
                double[] x = s.inputs()[t];
                if (t < 10) {
                    data[t] = LossKind.argmax(x);
                    assertTrue(data[t] >= 1 && data[t] <= 8, "data symbol " + data[t]);
                    assertOneHot(x, data[t]);
                } else if (t == T + 9) {
                    assertOneHot(x, 9); // delimiter after T-1 blanks
                } else {
                    assertOneHot(x, 0);
                }
                assertOneHot(s.targets()[t], t < T + 10 ? 0 : data[t - T - 10]);
            }
        }
    }

    @Test
    void copyMemorylessBaselineMatchesTheOptimalPositionOnlyPredictorOnData() {
        int T = 100;
        int steps = T + 20;
        CopyMemory task = new CopyMemory(T);
        SplittableRandom rng = new SplittableRandom(63);
        // fit the optimal memoryless predictor: per-position class frequencies on a training sample
        int nTrain = 4000;
        double[][] freq = new double[steps][9];
        for (int i = 0; i < nTrain; i++) {
            Sequence s = task.next(rng);
            for (int t = 0; t < steps; t++) {
                freq[t][LossKind.argmax(s.targets()[t])] += 1.0 / nTrain;
            }
        }
        // its cross-entropy on fresh data
        int nTest = 4000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < nTest; i++) {
            Sequence s = task.next(rng);
            double ce = 0;
            for (int t = 0; t < steps; t++) {
                ce -= Math.log(freq[t][LossKind.argmax(s.targets()[t])]);
            }
            ce /= steps;
            sum += ce;
            sumSq += ce * ce;
        }
        double mean = sum / nTest;
        double se = Math.sqrt((sumSq / nTest - mean * mean) / nTest);
        double paper = 10 * Math.log(8) / (T + 20);
        // the fitted predictor overpays by KL(uniform || fitted) ≈ 7 / (2 nTrain) per data step
        double fitBias = 10 * (7.0 / (2 * nTrain)) / steps;
        assertEquals(paper + fitBias, mean, 5 * se + fitBias);
        assertEquals(paper, task.baseline().orElseThrow().expectedLoss(), 1e-15);
        Sequence s = task.next(rng);
        assertEquals(paper, task.loss().of(s, task.baseline().orElseThrow().predict(s)), 1e-12);
        assertEquals(0.17328679513998632, paper, 1e-15); // the T = 100 value quoted as 0.173
    }
}
