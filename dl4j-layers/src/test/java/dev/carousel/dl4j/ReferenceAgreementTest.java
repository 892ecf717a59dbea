package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.Masks;
import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Carousel's DL4J layers against the float64 reference (dev.carousel.reference): outputs, final states and every
 * gradient (input, initial states, all parameters) on random configurations with random lengths, initial states
 * and upstream gradients, on both execution paths (CPU fast path and ND4J operations). Tolerances: relative error
 * max|a-e| / max(max|e|, 1e-12) at most 1e-9 in float64 and 1e-4 in float32.
 */
class ReferenceAgreementTest {

    @AfterEach
    void restorePath() {
        System.clearProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY);
    }

    static double relErr(double[] a, double[] e) {
        double maxDiff = 0;
        double maxE = 0;
        for (int k = 0; k < e.length; k++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[k] - e[k]));
            maxE = Math.max(maxE, Math.abs(e[k]));
        }
        return maxDiff / Math.max(maxE, 1e-12);
    }

    static double[] flat(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static double[] flat(double[][][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(x -> java.util.Arrays.stream(flat(x))).toArray();
    }

    static double[][][] rand3(Random r, int a, int b, int c) {
        double[][][] v = new double[a][b][c];
        for (double[][] x : v) {
            for (double[] y : x) {
                for (int k = 0; k < c; k++) {
                    y[k] = r.nextGaussian();
                }
            }
        }
        return v;
    }

    static double[][] rand2(Random r, int a, int b) {
        return rand3(r, 1, a, b)[0];
    }

    static Map<String, double[]> randomise(RecurrentCell cell, Random r, double scale) {
        Map<String, double[]> w = new LinkedHashMap<>();
        for (Param p : cell.params()) {
            double[] v = new double[p.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = scale * r.nextGaussian();
            }
            p.set(v);
            w.put(p.name(), v);
        }
        return w;
    }

    private static void check(String what, double[] actual, double[] expected, double tol, StringBuilder report) {
        double e = relErr(actual, expected);
        report.append(String.format("%s=%.2e ", what, e));
        assertTrue(e <= tol, what + ": relative error " + e + " > " + tol + "  [" + report + "]");
    }

    private static final Activation[] ACTS = Activation.values();

    @ParameterizedTest(name = "lstm seed={0} dtype={1} ops={2} B={3} T={4} I={5} H={6}")
    @CsvSource({
        "1, DOUBLE, false, 3, 5, 3, 4", "2, DOUBLE, false, 2, 6, 2, 3", "3, DOUBLE, false, 4, 4, 3, 5",
        "4, DOUBLE, false, 3, 5, 4, 4", "5, DOUBLE, false, 2, 3, 3, 2", "6, DOUBLE, false, 3, 5, 2, 3",
        "7, DOUBLE, true, 3, 5, 3, 4", "8, DOUBLE, true, 2, 6, 2, 3", "9, DOUBLE, true, 4, 4, 3, 5",
        "10, DOUBLE, true, 3, 5, 4, 4", "11, DOUBLE, true, 2, 3, 3, 2", "12, DOUBLE, true, 3, 5, 2, 3",
        "13, FLOAT, false, 3, 5, 3, 4", "14, FLOAT, true, 3, 5, 3, 4", "15, FLOAT, false, 4, 6, 2, 3",
        "16, FLOAT, true, 2, 4, 3, 5",
        "17, DOUBLE, false, 9, 4, 5, 40", "18, FLOAT, false, 9, 4, 5, 40", "19, DOUBLE, true, 9, 4, 5, 40"
    })
    void lstmMatchesReference(long seed, DataType dtype, boolean ops, int nB, int nT, int nI, int nH) {
        if (ops) {
            System.setProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY, "true");
        }
        Random r = new Random(seed);
        int variant = (int) (seed % 3);                  // 0 standard, 1 NFG, 2 CIFG
        boolean peep = seed % 2 == 1;
        LstmSpec spec = new LstmSpec(nI, nH, peep, variant != 1, variant == 2,
                ACTS[r.nextInt(ACTS.length)], ACTS[r.nextInt(ACTS.length)]);
        if (seed <= 2 || seed == 7 || seed == 13) {
            spec = spec.withActivations(Activation.TANH, Activation.TANH);
        }
        LstmCell cell = new LstmCell(spec);
        Map<String, double[]> w = randomise(cell, r, 0.6);
        double[][][] x = rand3(r, nB, nT, nI);
        int[] lengths = new int[nB];
        for (int b = 0; b < nB; b++) {
            lengths[b] = b == 0 ? nT : 1 + r.nextInt(nT);
        }
        double[][] h0 = rand2(r, nB, nH);
        double[][] c0 = rand2(r, nB, nH);
        double[][][] dy = rand3(r, nB, nT, nH);
        double[][] dhN = rand2(r, nB, nH);
        double[][] dcN = rand2(r, nB, nH);

        RecurrentLayer ref = new RecurrentLayer(cell);
        cell.params().zeroGrad();
        RecurrentLayer.Forward fwd = ref.forward(x, Masks.fromLengths(lengths, nT), new double[][][] {h0, c0});
        RecurrentLayer.Gradients grads = ref.backward(fwd, dy, new double[][][] {dhN, dcN});

        Dl4jRecurrentRun.Result got = Dl4jRecurrentRun.lstm(spec, w, x, lengths, h0, c0, dy, dhN, dcN, dtype);
        double tol = dtype == DataType.DOUBLE ? 1e-9 : 1e-4;
        StringBuilder rep = new StringBuilder(spec + " ");
        check("y", flat(got.y()), flat(fwd.y), tol, rep);
        check("h_n", flat(got.hN()), flat(fwd.hN()), tol, rep);
        check("c_n", flat(got.cN()), flat(fwd.cN()), tol, rep);
        check("dx", flat(got.dx()), flat(grads.dx()), tol, rep);
        check("dh0", flat(got.dh0()), flat(grads.dInitialState()[0]), tol, rep);
        check("dc0", flat(got.dc0()), flat(grads.dInitialState()[1]), tol, rep);
        for (Param p : cell.params()) {
            check("d" + p.name(), got.paramGrads().get(p.name()), p.grad, tol, rep);
        }
        System.out.println(rep);
    }

    @ParameterizedTest(name = "gru seed={0} dtype={1} ops={2} resetAfter={3} B={4} T={5} I={6} H={7}")
    @CsvSource({
        "1, DOUBLE, false, true, 3, 5, 3, 4", "2, DOUBLE, false, false, 3, 5, 3, 4",
        "3, DOUBLE, true, true, 2, 6, 2, 3", "4, DOUBLE, true, false, 2, 6, 2, 3",
        "5, FLOAT, false, true, 4, 4, 3, 5", "6, FLOAT, false, false, 4, 4, 3, 5",
        "7, FLOAT, true, true, 3, 5, 4, 4", "8, FLOAT, true, false, 3, 5, 4, 4",
        "9, DOUBLE, false, true, 9, 4, 5, 40", "10, DOUBLE, false, false, 9, 4, 5, 40",
        "11, FLOAT, false, false, 9, 4, 5, 40", "12, DOUBLE, true, false, 9, 4, 5, 40"
    })
    void gruMatchesReference(long seed, DataType dtype, boolean ops, boolean resetAfter, int nB, int nT, int nI,
                             int nH) {
        if (ops) {
            System.setProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY, "true");
        }
        Random r = new Random(100 + seed);
        GruSpec spec = new GruSpec(nI, nH, resetAfter);
        GruCell cell = new GruCell(spec);
        Map<String, double[]> w = randomise(cell, r, 0.6);
        double[][][] x = rand3(r, nB, nT, nI);
        int[] lengths = new int[nB];
        for (int b = 0; b < nB; b++) {
            lengths[b] = b == 0 ? nT : 1 + r.nextInt(nT);
        }
        double[][] h0 = rand2(r, nB, nH);
        double[][][] dy = rand3(r, nB, nT, nH);
        double[][] dhN = rand2(r, nB, nH);

        RecurrentLayer ref = new RecurrentLayer(cell);
        cell.params().zeroGrad();
        RecurrentLayer.Forward fwd = ref.forward(x, Masks.fromLengths(lengths, nT), new double[][][] {h0});
        RecurrentLayer.Gradients grads = ref.backward(fwd, dy, new double[][][] {dhN});

        Dl4jRecurrentRun.Result got = Dl4jRecurrentRun.gru(spec, w, x, lengths, h0, dy, dhN, dtype);
        double tol = dtype == DataType.DOUBLE ? 1e-9 : 1e-4;
        StringBuilder rep = new StringBuilder(spec + " ");
        check("y", flat(got.y()), flat(fwd.y), tol, rep);
        check("h_n", flat(got.hN()), flat(fwd.hN()), tol, rep);
        check("dx", flat(got.dx()), flat(grads.dx()), tol, rep);
        check("dh0", flat(got.dh0()), flat(grads.dInitialState()[0]), tol, rep);
        for (Param p : cell.params()) {
            check("d" + p.name(), got.paramGrads().get(p.name()), p.grad, tol, rep);
        }
        System.out.println(rep);
    }
}
