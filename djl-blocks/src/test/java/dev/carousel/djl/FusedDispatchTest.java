package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused dispatch (torch::lstm / torch::gru with the parameters in PyTorch order) against the hand-written cell
 * loop on the same weights, at a larger size than the reference grid: outputs, states and every gradient. With
 * variable lengths the fused-enabled block must fall back to the cell loop and honour equations.md section 3
 * (checked against reference-impl).
 */
class FusedDispatchTest {
    private static final int B = 8;
    private static final int T = 30;
    private static final int I = 10;
    private static final int H = 16;
    private static final RecurrentRun.Options FUSED = new RecurrentRun.Options(true, true);
    private static final RecurrentRun.Options HAND = new RecurrentRun.Options(true, false);

    @Test
    void lstmPathsAgree() {
        Random r = new Random(51);
        LstmSpec spec = LstmSpec.vanilla(I, H);
        Map<String, double[]> w = RunFixtures.lstmWeights(r, I, H, false);
        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
        double[][] h0 = RandomArrays.matrix(r, B, H, 0.5);
        double[][] c0 = RandomArrays.matrix(r, B, H, 0.5);
        double[][][] dy = RandomArrays.sequence(r, B, T, H, 1.0);
        double[][] dh = RandomArrays.matrix(r, B, H, 1.0);
        double[][] dc = RandomArrays.matrix(r, B, H, 1.0);
        for (DataType dtype : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dtype == DataType.FLOAT64 ? 1e-9 : 1e-4;
            RecurrentRunResult fused = RecurrentRun.lstm(spec, w, x, null, h0, c0, dy, dh, dc, dtype, FUSED);
            RecurrentRunResult hand = RecurrentRun.lstm(spec, w, x, null, h0, c0, dy, dh, dc, dtype, HAND);
            assertTrue(fused.fusedPath());
            assertFalse(hand.fusedPath());
            double err = RunFixtures.assertSameRun("LSTM fused vs hand " + dtype, fused, hand, tol);
            System.out.printf("LSTM fused vs hand-written %s: worst relative difference %.3g%n", dtype, err);
        }
        int[] lengths = {T, 1, 17, 29, T, 0, 5, 12};
        RecurrentRunResult withLengths = RecurrentRun.lstm(spec, w, x, lengths, h0, c0, dy, dh, dc, DataType.FLOAT64,
                FUSED);
        assertFalse(withLengths.fusedPath(), "variable lengths must not take the fused path");
        RunFixtures.assertSameRun("LSTM lengths", withLengths,
                ReferenceOracle.lstm(spec, w, x, lengths, h0, c0, dy, dh, dc, false), 1e-9);
    }

    @Test
    void gruPathsAgree() {
        Random r = new Random(52);
        GruSpec spec = new GruSpec(I, H, true);
        Map<String, double[]> w = RunFixtures.gruWeights(r, I, H);
        double[][][] x = RandomArrays.sequence(r, B, T, I, 1.0);
        double[][] h0 = RandomArrays.matrix(r, B, H, 0.5);
        double[][][] dy = RandomArrays.sequence(r, B, T, H, 1.0);
        double[][] dh = RandomArrays.matrix(r, B, H, 1.0);
        for (DataType dtype : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dtype == DataType.FLOAT64 ? 1e-9 : 1e-4;
            RecurrentRunResult fused = RecurrentRun.gru(spec, w, x, null, h0, dy, dh, dtype, FUSED);
            RecurrentRunResult hand = RecurrentRun.gru(spec, w, x, null, h0, dy, dh, dtype, HAND);
            assertTrue(fused.fusedPath());
            assertFalse(hand.fusedPath());
            double err = RunFixtures.assertSameRun("GRU fused vs hand " + dtype, fused, hand, tol);
            System.out.printf("GRU fused vs hand-written %s: worst relative difference %.3g%n", dtype, err);
        }
        int[] lengths = {3, T, 1, 0, 29, 30, 8, 2};
        RecurrentRunResult withLengths = RecurrentRun.gru(spec, w, x, lengths, h0, dy, dh, DataType.FLOAT64, FUSED);
        assertFalse(withLengths.fusedPath(), "variable lengths must not take the fused path");
        RunFixtures.assertSameRun("GRU lengths", withLengths,
                ReferenceOracle.gru(spec, w, x, lengths, h0, dy, dh, false), 1e-9);
    }
}
