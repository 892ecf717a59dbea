package dev.carousel.djl;

import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Autograd gradients of the blocks against central differences of the blocks themselves, in float64 on the
 * PyTorch engine (independent of reference-impl): every parameter element, every input element, the initial
 * states; with variable lengths.
 */
class FiniteDifferenceTest {
    private static final double EPS = 1e-6;
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
            Map<String, double[]> w = Numerics.lstmWeights(r, I, H, true);
            Inputs in = new Inputs(Numerics.sequence(r, B, T, I, 1.0), Numerics.matrix(r, B, H, 0.5),
                    Numerics.matrix(r, B, H, 0.5));
            int[] lengths = {T, 2};
            double[][][] dy = Numerics.sequence(r, B, T, H, 1.0);
            double[][] dh = Numerics.matrix(r, B, H, 1.0);
            double[][] dc = Numerics.matrix(r, B, H, 1.0);
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
            Map<String, double[]> w = Numerics.gruWeights(r, I, H);
            Inputs in = new Inputs(Numerics.sequence(r, B, T, I, 1.0), Numerics.matrix(r, B, H, 0.5), null);
            int[] lengths = {3, T};
            double[][][] dy = Numerics.sequence(r, B, T, H, 1.0);
            double[][] dh = Numerics.matrix(r, B, H, 1.0);
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
                numeric[k] = central(v, k, () -> loss.apply(run.apply(in)));
            }
            Numerics.assertClose(what + " d" + e.getKey(), analytic.paramGrads().get(e.getKey()), numeric, TOL);
        }
        double[][] dx = new double[B * T][];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                double[] v = in.x()[b][t];
                double[] g = new double[I];
                for (int k = 0; k < I; k++) {
                    g[k] = central(v, k, () -> loss.apply(run.apply(in)));
                }
                dx[b * T + t] = g;
            }
        }
        Numerics.assertClose(what + " dx", analytic.dx(), dx, TOL);
        Numerics.assertClose(what + " dh0", analytic.dh0(), stateGradient(in.h0(), run, loss, in), TOL);
        if (in.c0() != null) {
            Numerics.assertClose(what + " dc0", analytic.dc0(), stateGradient(in.c0(), run, loss, in), TOL);
        }
    }

    private static double[][] stateGradient(double[][] s, Function<Inputs, RecurrentRunResult> run,
                                            Function<RecurrentRunResult, Double> loss, Inputs in) {
        double[][] g = new double[s.length][s[0].length];
        for (int b = 0; b < s.length; b++) {
            for (int k = 0; k < s[b].length; k++) {
                g[b][k] = central(s[b], k, () -> loss.apply(run.apply(in)));
            }
        }
        return g;
    }

    private static double central(double[] v, int k, java.util.function.Supplier<Double> f) {
        double keep = v[k];
        v[k] = keep + EPS;
        double up = f.get();
        v[k] = keep - EPS;
        double down = f.get();
        v[k] = keep;
        return (up - down) / (2 * EPS);
    }

    private static double dot(Object a, Object b) {
        double[] x = Numerics.flat(a);
        double[] y = Numerics.flat(b);
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * y[k];
        }
        return s;
    }
}
