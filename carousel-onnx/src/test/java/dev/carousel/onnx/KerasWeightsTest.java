package dev.carousel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.carousel.reference.GruCell;
import dev.carousel.reference.Param;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Keras recipe of docs/onnx.md, with permutations worked out by hand on labelled values. */
class KerasWeightsTest {
    @Test
    void lstmKernelsAreTransposedAndBiasGoesToBih() {
        // I = 2, H = 1: kernel [2, 4], columns i, f, c, o
        double[] kernel = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] rec = {9, 10, 11, 12};
        double[] bias = {13, 14, 15, 16};
        Map<String, double[]> w = KerasWeights.lstm(kernel, rec, bias, 2, 1);
        assertArrayEquals(new double[] {1, 5, 2, 6, 3, 7, 4, 8}, w.get("w_ih"));
        assertArrayEquals(new double[] {9, 10, 11, 12}, w.get("w_hh"));
        assertArrayEquals(new double[] {13, 14, 15, 16}, w.get("b_ih"));
        assertArrayEquals(new double[4], w.get("b_hh"));
    }

    @Test
    void gruColumnsZrhBecomeRowsRznAndTheTwoBiasRowsSplit() {
        // I = 2, H = 1: kernel [2, 3], columns z, r, h
        double[] kernel = {1, 2, 3, 4, 5, 6};
        double[] rec = {7, 8, 9};
        double[] bias2 = {10, 11, 12, 13, 14, 15};
        Map<String, double[]> w = KerasWeights.gru(kernel, rec, bias2, 2, 1, true);
        assertArrayEquals(new double[] {2, 5, 1, 4, 3, 6}, w.get("w_ih"));
        assertArrayEquals(new double[] {8, 7, 9}, w.get("w_hh"));
        assertArrayEquals(new double[] {11, 10, 12}, w.get("b_ih"));
        assertArrayEquals(new double[] {14, 13, 15}, w.get("b_hh"));
        Map<String, double[]> before = KerasWeights.gru(kernel, rec, new double[] {10, 11, 12}, 2, 1, false);
        assertArrayEquals(new double[] {11, 10, 12}, before.get("b_ih"));
        assertArrayEquals(new double[3], before.get("b_hh"));
        assertThrows(IllegalArgumentException.class, () -> KerasWeights.gru(kernel, rec, bias2, 2, 1, false));
    }

    /** One step of Keras' GRU written out (H = 1), against the reference cell on the converted weights. */
    @Test
    void gruStepMatchesKerasEquationsInBothResetModes() {
        double[] kernel = {0.3, -0.2, 0.5, -0.4, 0.1, 0.7};
        double[] rec = {0.6, -0.8, 0.25};
        double[] x = {0.9, -0.35};
        double h = 0.4;
        for (boolean after : new boolean[] {true, false}) {
            double[] bias = after ? new double[] {0.1, -0.2, 0.3, -0.05, 0.15, 0.2} : new double[] {0.1, -0.2, 0.3};
            double[] xk = new double[3];
            for (int c = 0; c < 3; c++) {
                xk[c] = x[0] * kernel[c] + x[1] * kernel[3 + c] + bias[c];
            }
            double[] rb = after ? new double[] {bias[3], bias[4], bias[5]} : new double[3];
            double z = Activation.sigmoid(xk[0] + h * rec[0] + rb[0]);
            double r = Activation.sigmoid(xk[1] + h * rec[1] + rb[1]);
            double cand = after ? Math.tanh(xk[2] + r * (h * rec[2] + rb[2])) : Math.tanh(xk[2] + (r * h) * rec[2]);
            double expected = z * h + (1 - z) * cand;

            GruCell cell = new GruCell(new GruSpec(2, 1, after));
            Map<String, double[]> w = KerasWeights.gru(kernel, rec, bias, 2, 1, after);
            for (Param p : cell.params()) {
                p.set(w.get(p.name()));
            }
            double got = cell.forward(x, new double[][] {{h}}).h()[0];
            assertEquals(expected, got, 1e-15, "reset_after=" + after);
        }
    }
}
