package dev.carousel.djl;

import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.Comparisons;
import dev.carousel.testing.FiniteDifference;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Autograd gradients of the blocks against central differences of the blocks themselves, in float64 on the
 * PyTorch engine (independent of reference-impl): every parameter element, every input element, the initial
 * states; with variable lengths. Central differences with {@link FiniteDifference#EPS} = 1e-6.
 */
class FiniteDifferenceTest {
    private static final double TOL = 1e-6;
    private static final int B = 2;
    private static final int T = 4;
    private static final int I = 3;
    private static final int H = 2;

    private record Inputs(double[][][] x, double[][] h0, double[][] c0) {
    }

    @Test
    void peepholeLstmVariants() {
        LstmSpec[] specs = {
            LstmSpec.peephole(I, H),
            new LstmSpec(I, H, true, true, true, Activation.SQUASH_G1997, Activation.SQUASH_H1997),
            new LstmSpec(I, H, true, false, false, Activation.TANH, Activation.SIGMOID),
        };
        Random r = new Random(41);
        for (LstmSpec spec : specs) {
            Map<String, double[]> w = RunFixtures.lstmWeights(r, I, H, true);
            Inputs in = new Inputs(RandomArrays.sequence(r, B, T, I, 1.0), RandomArrays.matrix(r, B, H, 0.5),
                    RandomArrays.matrix(r, B, H, 0.5));
            int[] lengths = {T, 2};
            double[][][] dy = RandomArrays.sequence(r, B, T, H, 1.0);
            double[][] dh = RandomArrays.matrix(r, B, H, 1.0);
            double[][] dc = RandomArrays.matrix(r, B, H, 1.0);
            Function<Inputs, RecurrentRunResult> run = v -> RecurrentRun.lstm(spec, w, v.x(), lengths, v.h0(), v.c0(),
                    dy, dh, dc, DataType.FLOAT64);
            Function<RecurrentRunResult, Double> loss = res -> dot(res.y(), dy) + dot(res.hN(), dh)
                    + dot(res.cN(), dc);
            check(spec.toString(), run, loss, w, in);
        }
    }

    @Test
    void gruBothResetPositions() {
        Random r = new Random(42);
        for (boolean resetAfter : new boolean[] {false, true}) {
            GruSpec spec = new GruSpec(I, H, resetAfter);
            Map<String, double[]> w = RunFixtures.gruWeights(r, I, H);
            Inputs in = new Inputs(RandomArrays.sequence(r, B, T, I, 1.0), RandomArrays.matrix(r, B, H, 0.5), null);
            int[] lengths = {3, T};
            double[][][] dy = RandomArrays.sequence(r, B, T, H, 1.0);
            double[][] dh = RandomArrays.matrix(r, B, H, 1.0);
            Function<Inputs, RecurrentRunResult> run = v -> RecurrentRun.gru(spec, w, v.x(), lengths, v.h0(), dy, dh,
                    DataType.FLOAT64);
            Function<RecurrentRunResult, Double> loss = res -> dot(res.y(), dy) + dot(res.hN(), dh);
            check(spec.toString(), run, loss, w, in);
        }
    }

    private static void check(String what, Function<Inputs, RecurrentRunResult> run,
                              Function<RecurrentRunResult, Double> loss, Map<String, double[]> w, Inputs in) {
        RecurrentRunResult analytic = run.apply(in);
        for (Map.Entry<String, double[]> e : w.entrySet()) {
            double[] v = e.getValue();
            double[] numeric = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                numeric[k] = FiniteDifference.derivative(v, k, () -> loss.apply(run.apply(in)));
            }
            Comparisons.assertRelativeErrorFlat(analytic.paramGrads().get(e.getKey()), numeric, TOL,
                    what + " d" + e.getKey());
        }
        double[][] dx = new double[B * T][];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                double[] v = in.x()[b][t];
                double[] g = new double[I];
                for (int k = 0; k < I; k++) {
                    g[k] = FiniteDifference.derivative(v, k, () -> loss.apply(run.apply(in)));
                }
                dx[b * T + t] = g;
            }
        }
        Comparisons.assertRelativeErrorFlat(analytic.dx(), dx, TOL, what + " dx");
        Comparisons.assertRelativeErrorFlat(analytic.dh0(), stateGradient(in.h0(), run, loss, in), TOL, what + " dh0");
        if (in.c0() != null) {
            Comparisons.assertRelativeErrorFlat(analytic.dc0(), stateGradient(in.c0(), run, loss, in), TOL,
                    what + " dc0");
        }
    }

    private static double[][] stateGradient(double[][] s, Function<Inputs, RecurrentRunResult> run,
                                            Function<RecurrentRunResult, Double> loss, Inputs in) {
        double[][] g = new double[s.length][s[0].length];
        for (int b = 0; b < s.length; b++) {
            for (int k = 0; k < s[b].length; k++) {
                g[b][k] = FiniteDifference.derivative(s[b], k, () -> loss.apply(run.apply(in)));
            }
        }
        return g;
    }

    private static double dot(Object a, Object b) {
        double[] x = RandomArrays.flattenNested(a);
        double[] y = RandomArrays.flattenNested(b);
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * y[k];
        }
        return s;
    }
}
