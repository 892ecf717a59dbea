package dev.carousel.dl4j;

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
import dev.carousel.testing.Comparisons;
import dev.carousel.testing.RandomArrays;
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

    /** Random values are uniform in [-UNIT, UNIT): unit variance. */
    static final double UNIT = Math.sqrt(3);

    /** Sets every parameter of {@code cell} to values uniform with standard deviation {@code scale}. */
    static Map<String, double[]> randomise(RecurrentCell cell, Random r, double scale) {
        Map<String, double[]> w = new LinkedHashMap<>();
        for (Param p : cell.params()) {
            double[] v = RandomArrays.uniform(r, p.size(), scale * UNIT);
            p.set(v);
            w.put(p.name(), v);
        }
        return w;
    }

    private static void check(String what, double[] actual, double[] expected, double tol, StringBuilder report) {
        double e = Comparisons.assertRelativeError(actual, expected, tol, what + " [" + report + "]");
        report.append(String.format("%s=%.2e ", what, e));
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
        double[][][] x = RandomArrays.sequence(r, nB, nT, nI, UNIT);
        int[] lengths = RandomArrays.lengths(r, nB, 1, nT);
        double[][] h0 = RandomArrays.matrix(r, nB, nH, UNIT);
        double[][] c0 = RandomArrays.matrix(r, nB, nH, UNIT);
        double[][][] dy = RandomArrays.sequence(r, nB, nT, nH, UNIT);
        double[][] dhN = RandomArrays.matrix(r, nB, nH, UNIT);
        double[][] dcN = RandomArrays.matrix(r, nB, nH, UNIT);

        RecurrentLayer ref = new RecurrentLayer(cell);
        cell.params().zeroGrad();
        RecurrentLayer.Forward fwd = ref.forward(x, Masks.fromLengths(lengths, nT), new double[][][] {h0, c0});
        RecurrentLayer.Gradients grads = ref.backward(fwd, dy, new double[][][] {dhN, dcN});

        Dl4jRecurrentRun.Result got = Dl4jRecurrentRun.lstm(spec, w, x, lengths, h0, c0, dy, dhN, dcN, dtype);
        double tol = dtype == DataType.DOUBLE ? 1e-9 : 1e-4;
        StringBuilder rep = new StringBuilder(spec + " ");
        check("y", RandomArrays.flatten(got.y()), RandomArrays.flatten(fwd.y), tol, rep);
        check("h_n", RandomArrays.flatten(got.hN()), RandomArrays.flatten(fwd.hN()), tol, rep);
        check("c_n", RandomArrays.flatten(got.cN()), RandomArrays.flatten(fwd.cN()), tol, rep);
        check("dx", RandomArrays.flatten(got.dx()), RandomArrays.flatten(grads.dx()), tol, rep);
        check("dh0", RandomArrays.flatten(got.dh0()), RandomArrays.flatten(grads.dInitialState()[0]), tol, rep);
        check("dc0", RandomArrays.flatten(got.dc0()), RandomArrays.flatten(grads.dInitialState()[1]), tol, rep);
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
        double[][][] x = RandomArrays.sequence(r, nB, nT, nI, UNIT);
        int[] lengths = RandomArrays.lengths(r, nB, 1, nT);
        double[][] h0 = RandomArrays.matrix(r, nB, nH, UNIT);
        double[][][] dy = RandomArrays.sequence(r, nB, nT, nH, UNIT);
        double[][] dhN = RandomArrays.matrix(r, nB, nH, UNIT);

        RecurrentLayer ref = new RecurrentLayer(cell);
        cell.params().zeroGrad();
        RecurrentLayer.Forward fwd = ref.forward(x, Masks.fromLengths(lengths, nT), new double[][][] {h0});
        RecurrentLayer.Gradients grads = ref.backward(fwd, dy, new double[][][] {dhN});

        Dl4jRecurrentRun.Result got = Dl4jRecurrentRun.gru(spec, w, x, lengths, h0, dy, dhN, dtype);
        double tol = dtype == DataType.DOUBLE ? 1e-9 : 1e-4;
        StringBuilder rep = new StringBuilder(spec + " ");
        check("y", RandomArrays.flatten(got.y()), RandomArrays.flatten(fwd.y), tol, rep);
        check("h_n", RandomArrays.flatten(got.hN()), RandomArrays.flatten(fwd.hN()), tol, rep);
        check("dx", RandomArrays.flatten(got.dx()), RandomArrays.flatten(grads.dx()), tol, rep);
        check("dh0", RandomArrays.flatten(got.dh0()), RandomArrays.flatten(grads.dInitialState()[0]), tol, rep);
        for (Param p : cell.params()) {
            check("d" + p.name(), got.paramGrads().get(p.name()), p.grad, tol, rep);
        }
        System.out.println(rep);
    }
}
