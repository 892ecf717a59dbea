package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwoSequenceProblemTest {

    /** Running mean and variance of a stream of samples. */
    private static final class Moments {
        long n;
        double sum;
        double sumSq;

        void add(double x) {
            n++;
            sum += x;
            sumSq += x * x;
        }

        double mean() {
            return sum / n;
        }

        double variance() {
            double m = mean();
            return sumSq / n - m * m;
        }

        /** Bound on |sample variance − σ²| for Gaussian data: 5 standard errors, se = σ² √(2/n). */
        double varianceBound(double sigma2) {
            return 5 * sigma2 * Math.sqrt(2.0 / n);
        }
    }

    @Test
    void task3aHasCleanStartGaussianNoiseOfVariance02AndBinaryTargets() {
        int T = 100;
        int N = 3;
        TwoSequenceProblem task = new TwoSequenceProblem(TwoSequenceProblem.Variant.A, T, N);
        SplittableRandom rng = new SplittableRandom(30);
        Moments noise = new Moments();
        int n = 3000;
        int classTwo = 0;
        boolean[] lengthSeen = new boolean[T / 10 + 1];
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            assertTrue(s.length() >= T && s.length() <= T + T / 10, "length " + s.length());
            lengthSeen[s.length() - T] = true;
            double sign = s.label() == 0 ? 1.0 : -1.0;
            for (int t = 0; t < N; t++) {
                assertEquals(sign, s.inputs()[t][0]);
            }
            for (int t = N; t < s.length(); t++) {
                noise.add(s.inputs()[t][0]);
            }
            int end = s.length() - 1;
            assertEquals(s.label() == 0 ? 1.0 : 0.0, s.targets()[end][0]);
            assertSame(s.targets(), s.idealTargets(), "no target noise in 3a");
            for (int t = 0; t < s.length(); t++) {
                assertEquals(t == end, s.targetMask()[t]);
            }
            classTwo += s.label();
        }
        for (int k = 0; k < lengthSeen.length; k++) {
            assertTrue(lengthSeen[k], "length T+" + k + " never drawn");
        }
        assertEquals(0.0, noise.mean(), 5 * Math.sqrt(0.2 / noise.n));
        assertEquals(0.2, noise.variance(), noise.varianceBound(0.2));
        assertEquals(n / 2.0, classTwo, 5 * Math.sqrt(n * 0.25));
    }

    @Test
    void task3bAddsNoiseOfVariance02ToTheInformativeElements() {
        TwoSequenceProblem task = new TwoSequenceProblem(TwoSequenceProblem.Variant.B, 100, 3);
        SplittableRandom rng = new SplittableRandom(31);
        Moments startNoise = new Moments();
        for (int i = 0; i < 20000; i++) {
            Sequence s = task.next(rng);
            double sign = s.label() == 0 ? 1.0 : -1.0;
            for (int t = 0; t < 3; t++) {
                startNoise.add(s.inputs()[t][0] - sign);
            }
        }
        assertEquals(0.0, startNoise.mean(), 5 * Math.sqrt(0.2 / startNoise.n));
        assertEquals(0.2, startNoise.variance(), startNoise.varianceBound(0.2));
    }

    @Test
    void task3cHasTargets08And02WithNoiseOfVariance01AndJudgesAgainstTheCleanTarget() {
        TwoSequenceProblem task = new TwoSequenceProblem(TwoSequenceProblem.Variant.C, 100, 1);
        SplittableRandom rng = new SplittableRandom(32);
        Moments targetNoise = new Moments();
        Moments baseline = new Moments();
        for (int i = 0; i < 20000; i++) {
            Sequence s = task.next(rng);
            int end = s.length() - 1;
            double clean = s.label() == 0 ? 0.8 : 0.2;
            assertEquals(clean, s.idealTargets()[end][0]);
            targetNoise.add(s.targets()[end][0] - clean);
            double e = s.targets()[end][0] - 0.5;
            baseline.add(e * e);
        }
        assertEquals(0.0, targetNoise.mean(), 5 * Math.sqrt(0.1 / targetNoise.n));
        assertEquals(0.1, targetNoise.variance(), targetNoise.varianceBound(0.1));
        double expected = task.baseline().orElseThrow().expectedLoss();
        assertEquals(0.19, expected, 1e-12);
        assertEquals(expected, baseline.mean(), 5 * Math.sqrt(baseline.variance() / baseline.n));

        Sequence s = task.next(rng);
        int end = s.length() - 1;
        double[][] y = new double[s.length()][1];
        y[end][0] = s.idealTargets()[end][0] + 0.099;
        assertTrue(task.criterion().isCorrect(s, y));
        y[end][0] = s.idealTargets()[end][0] - 0.101;
        assertFalse(task.criterion().isCorrect(s, y));
    }
}
