package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Outputs, final states and every gradient (inputs, initial states, each parameter) of the DJL blocks against
 * reference-impl, over every flag combination of a representative grid, float64 within 1e-9 and float32 within
 * 1e-4 relative, with and without variable lengths, both layouts, both paths.
 */
class ReferenceAgreementTest {
    private static final int B = 3;
    private static final int T = 5;
    private static final int I = 4;
    private static final int H = 3;
    private static final Activation[][] ACTIVATIONS = {
        {Activation.TANH, Activation.TANH},
        {Activation.SQUASH_G1997, Activation.SQUASH_H1997},
        {Activation.IDENTITY, Activation.IDENTITY},
        {Activation.SIGMOID, Activation.TANH},
        {Activation.TANH, Activation.SIGMOID},
        {Activation.SQUASH_G1997, Activation.IDENTITY},
    };
    private static final boolean[][] GATES = {{true, false}, {false, false}, {true, true}}; // forget, cifg

    @Test
    void lstmEveryFlagCombination() {
        Random r = new Random(11);
        int cases = 0;
        int fusedCases = 0;
        double worst64 = 0;
        double worst32 = 0;
        for (boolean peep : new boolean[] {true, false}) {
            for (boolean[] fg : GATES) {
                for (Activation[] act : ACTIVATIONS) {
                    for (int variant = 0; variant < 4; variant++) {
                        boolean varLen = (variant & 1) != 0;
                        boolean batchFirst = (variant & 2) == 0;
                        LstmSpec spec = new LstmSpec(I, H, peep, fg[0], fg[1], act[0], act[1]);
                        Map<String, double[]> w = RunFixtures.lstmWeights(r, I, H, peep);
                        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
                        int[] lengths = varLen ? new int[] {T, 2, variant == 3 ? 0 : 4} : null;
                        double[][] h0 = RandomArrays.matrix(r, B, H, 0.5);
                        double[][] c0 = RandomArrays.matrix(r, B, H, 0.5);
                        double[][][] dy = RandomArrays.sequence(r, B, T, H, 1.0);
                        double[][] dh = RandomArrays.matrix(r, B, H, 1.0);
                        double[][] dc = RandomArrays.matrix(r, B, H, 1.0);
                        RecurrentRunResult ref = ReferenceOracle.lstm(spec, w, x, lengths, h0, c0, dy, dh, dc, false);
                        for (boolean fused : new boolean[] {true, false}) {
                            RecurrentRun.Options o = new RecurrentRun.Options(batchFirst, fused);
                            String what = spec + " lengths=" + varLen + " batchFirst=" + batchFirst + " fused="
                                    + fused;
                            RecurrentRunResult d64 = RecurrentRun.lstm(spec, w, x, lengths, h0, c0, dy, dh, dc,
                                    DataType.FLOAT64, o);
                            worst64 = Math.max(worst64, RunFixtures.assertSameRun(what + " f64", d64, ref, 1e-9));
                            RecurrentRunResult d32 = RecurrentRun.lstm(spec, w, x, lengths, h0, c0, dy, dh, dc,
                                    DataType.FLOAT32, o);
                            worst32 = Math.max(worst32, RunFixtures.assertSameRun(what + " f32", d32, ref, 1e-4));
                            boolean fusable = fused && !peep && fg[0] && !fg[1] && act[0] == Activation.TANH
                                    && act[1] == Activation.TANH && !varLen;
                            assertEquals(fusable, d64.fusedPath(), what + " path");
                            cases++;
                            fusedCases += d64.fusedPath() ? 1 : 0;
                        }
                    }
                }
            }
        }
        System.out.printf("LSTM: %d cases, worst relative error float64 %.3g, float32 %.3g%n", cases, worst64,
                worst32);
        // peepholes x {forget, NFG, CIFG} x 6 activation pairs x {lengths, layout} x {fused on, off}
        assertEquals(2 * 3 * 6 * 4 * 2, cases, "LSTM cases");
        // the fused op ran for the one fusable flag set (no peepholes, forget gate, tanh/tanh), full length, both layouts
        assertEquals(2, fusedCases, "LSTM cases on the fused path");
    }

    @Test
    void gruBothResetPositions() {
        Random r = new Random(12);
        double worst64 = 0;
        double worst32 = 0;
        int cases = 0;
        int fusedCases = 0;
        for (boolean resetAfter : new boolean[] {true, false}) {
            for (int variant = 0; variant < 8; variant++) {
                boolean varLen = (variant & 1) != 0;
                boolean batchFirst = (variant & 2) == 0;
                boolean withH0 = (variant & 4) == 0;
                GruSpec spec = new GruSpec(I, H, resetAfter);
                Map<String, double[]> w = RunFixtures.gruWeights(r, I, H);
                double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
                int[] lengths = varLen ? new int[] {1, T, withH0 ? 3 : 0} : null;
                double[][] h0 = withH0 ? RandomArrays.matrix(r, B, H, 0.5) : null;
                double[][][] dy = RandomArrays.sequence(r, B, T, H, 1.0);
                double[][] dh = RandomArrays.matrix(r, B, H, 1.0);
                RecurrentRunResult ref = ReferenceOracle.gru(spec, w, x, lengths, h0, dy, dh, false);
                for (boolean fused : new boolean[] {true, false}) {
                    RecurrentRun.Options o = new RecurrentRun.Options(batchFirst, fused);
                    String what = spec + " lengths=" + varLen + " batchFirst=" + batchFirst + " fused=" + fused;
                    RecurrentRunResult d64 = RecurrentRun.gru(spec, w, x, lengths, h0, dy, dh, DataType.FLOAT64, o);
                    worst64 = Math.max(worst64, RunFixtures.assertSameRun(what + " f64", d64, ref, 1e-9));
                    RecurrentRunResult d32 = RecurrentRun.gru(spec, w, x, lengths, h0, dy, dh, DataType.FLOAT32, o);
                    worst32 = Math.max(worst32, RunFixtures.assertSameRun(what + " f32", d32, ref, 1e-4));
                    assertEquals(fused && resetAfter && !varLen, d64.fusedPath(), what + " path");
                    cases++;
                    fusedCases += d64.fusedPath() ? 1 : 0;
                }
            }
        }
        System.out.printf("GRU: %d cases, worst relative error float64 %.3g, float32 %.3g%n", cases, worst64,
                worst32);
        // {reset-after, reset-before} x {lengths, layout, h0} x {fused on, off}
        assertEquals(2 * 8 * 2, cases, "GRU cases");
        // reset-after, full length, fused on: both layouts, with and without h0
        assertEquals(4, fusedCases, "GRU cases on the fused path");
    }
}
