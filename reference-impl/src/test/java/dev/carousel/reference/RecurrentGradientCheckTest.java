package dev.carousel.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.FiniteDifference;
import dev.carousel.testing.RandomArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact BPTT against central finite differences in float64, for every cell variant, with and without masks, in
 * both directions: every parameter element, every input element and the initial states.
 * The loss is L = sum y.dy + sum h_n.dh_n (+ sum c_n.dc_n), with random upstream gradients (test-vectors.md).
 */
class RecurrentGradientCheckTest {
    private static final double TOLERANCE = 1.0;   // FiniteDifference's ratio to its bound
    private static final int B = 3;
    private static final int T = 5;
    private static final int I = 3;
    private static final int H = 2;

    static Stream<Arguments> cells() {
        List<Arguments> cases = new ArrayList<>();
        Activation[][] acts = {
            {Activation.TANH, Activation.TANH},
            {Activation.SQUASH_G1997, Activation.SQUASH_H1997},
            {Activation.IDENTITY, Activation.SIGMOID},
        };
        boolean[][] gates = {{true, false}, {false, false}, {true, true}};   // forgetGate, coupledInputForget
        for (boolean peep : new boolean[] {true, false}) {
            for (boolean[] g : gates) {
                for (Activation[] a : acts) {
                    LstmSpec spec = new LstmSpec(I, H, peep, g[0], g[1], a[0], a[1]);
                    cases.add(Arguments.of(Named.of("lstm " + spec, new LstmCell(spec))));
                }
            }
        }
        cases.add(Arguments.of(Named.of("gru reset-after", new GruCell(new GruSpec(I, H, true)))));
        cases.add(Arguments.of(Named.of("gru reset-before", new GruCell(new GruSpec(I, H, false)))));
        cases.add(Arguments.of(Named.of("tanh rnn", new TanhRnnCell(I, H))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void fullSequences(RecurrentCell cell) {
        check(cell, null, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void variableLengths(RecurrentCell cell) {
        check(cell, Masks.fromLengths(new int[] {5, 3, 1}, T), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void generalMaskReversed(RecurrentCell cell) {
        double[][] mask = {{1, 0, 1, 1, 0}, {0, 1, 1, 0, 1}, {1, 1, 1, 1, 1}};
        check(cell, mask, true);
    }

    private static void check(RecurrentCell cell, double[][] mask, boolean reversed) {
        Random rng = new Random(42);
        for (Param p : cell.params()) {
            RandomArrays.fill(p.value, rng, 0.6);
        }
        RecurrentLayer layer = new RecurrentLayer(cell, reversed);
        int ns = cell.stateCount();
        double[][][] x = RandomArrays.sequence(rng, B, T, I, 1.0);
        double[][][] init = RandomArrays.sequence(rng, ns, B, H, 1.0);
        double[][][] dy = RandomArrays.sequence(rng, B, T, H, 1.0);
        double[][][] dFinal = RandomArrays.sequence(rng, ns, B, H, 1.0);
        java.util.function.DoubleSupplier loss = () -> {
            RecurrentLayer.Forward f = layer.forward(x, mask, init);
            return dot(f.y, dy) + dot(f.finalState, dFinal);
        };
        cell.params().zeroGrad();
        RecurrentLayer.Forward f = layer.forward(x, mask, init);
        RecurrentLayer.Gradients g = layer.backward(f, dy, dFinal);

        for (Param p : cell.params()) {
            double err = FiniteDifference.maxError(p.value, p.grad.clone(), loss);
            assertTrue(err < TOLERANCE, p.name() + ": error/bound " + err);
        }
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                double err = FiniteDifference.maxError(x[b][t], g.dx()[b][t], loss);
                assertTrue(err < TOLERANCE, "dx[" + b + "][" + t + "]: error/bound " + err);
            }
        }
        for (int k = 0; k < ns; k++) {
            for (int b = 0; b < B; b++) {
                double err = FiniteDifference.maxError(init[k][b], g.dInitialState()[k][b], loss);
                assertTrue(err < TOLERANCE, "d(initial state " + k + ")[" + b + "]: error/bound " + err);
            }
        }
    }

    static double dot(double[][][] a, double[][][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                for (int k = 0; k < a[i][j].length; k++) {
                    s += a[i][j][k] * b[i][j][k];
                }
            }
        }
        return s;
    }
}
