package dev.carousel.spec.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GateOrderTest {

    private static double[] asymmetric(long seed, int n) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 2 * r.nextDouble() - 1;
        }
        return v;
    }

    @Test
    void handWrittenLstmPermutationIfgoToIofc() {
        // H = 2, cols = 1: block i = {1, 2}, f = {3, 4}, g = {5, 6}, o = {7, 8}
        double[] ifgo = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new double[] {1, 2, 7, 8, 3, 4, 5, 6},
                GateOrder.permuteRows(ifgo, 2, 1, GateOrder.LSTM_IFGO, GateOrder.LSTM_IOFC), 0.0);
        // H = 1, cols = 3: rows of a weight matrix move whole
        double[] w = {11, 12, 13, 21, 22, 23, 31, 32, 33, 41, 42, 43};
        assertArrayEquals(new double[] {11, 12, 13, 41, 42, 43, 21, 22, 23, 31, 32, 33},
                GateOrder.permuteRows(w, 1, 3, GateOrder.LSTM_IFGO, GateOrder.LSTM_IOFC), 0.0);
        // and back: ONNX i o f c -> i f g o
        assertArrayEquals(new double[] {1, 2, 5, 6, 7, 8, 3, 4},
                GateOrder.permuteRows(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, GateOrder.LSTM_IOFC,
                        GateOrder.LSTM_IFGO), 0.0);
    }

    @Test
    void handWrittenGruPermutationRznToZrh() {
        double[] rzn = {1, 2, 3, 4, 5, 6};       // H = 1, cols = 2: r = {1, 2}, z = {3, 4}, n = {5, 6}
        assertArrayEquals(new double[] {3, 4, 1, 2, 5, 6},
                GateOrder.permuteRows(rzn, 1, 2, GateOrder.GRU_RZN, GateOrder.GRU_ZRH), 0.0);
    }

    @Test
    void roundTripsRestoreAsymmetricValuesExactly() {
        int h = 3;
        int cols = 5;
        double[] lstm = asymmetric(1, 4 * h * cols);
        double[] onnx = GateOrder.permuteRows(lstm, h, cols, GateOrder.LSTM_IFGO, GateOrder.LSTM_IOFC);
        assertTrue(!java.util.Arrays.equals(lstm, onnx), "the permutation moved something");
        // block o of IFGO (index 3) is block 1 of IOFC
        for (int k = 0; k < h * cols; k++) {
            assertEquals(lstm[3 * h * cols + k], onnx[h * cols + k]);
        }
        assertArrayEquals(lstm, GateOrder.permuteRows(onnx, h, cols, GateOrder.LSTM_IOFC, GateOrder.LSTM_IFGO), 0.0);
        double[] gru = asymmetric(2, 3 * h);
        double[] keras = GateOrder.permuteRows(gru, h, 1, GateOrder.GRU_RZN, GateOrder.GRU_ZRH);
        assertArrayEquals(gru, GateOrder.permuteRows(keras, h, 1, GateOrder.GRU_ZRH, GateOrder.GRU_RZN), 0.0);
        assertArrayEquals(lstm, GateOrder.permuteRows(lstm, h, cols, GateOrder.LSTM_IFGO, GateOrder.LSTM_IFGO), 0.0);
    }

    @Test
    void inputIsNotModified() {
        double[] v = asymmetric(3, 8);
        double[] copy = v.clone();
        GateOrder.permuteRows(v, 2, 1, GateOrder.LSTM_IFGO, GateOrder.LSTM_IOFC);
        assertArrayEquals(copy, v, 0.0);
    }

    @Test
    void badArgumentsNameTheOrdersOrTheLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GateOrder.permuteRows(new double[12], 1, 4, GateOrder.LSTM_IFGO, GateOrder.GRU_RZN));
        assertTrue(e.getMessage().contains("LSTM_IFGO") && e.getMessage().contains("GRU_RZN")
                && e.getMessage().contains("different cells"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GateOrder.permuteRows(new double[7], 2, 1, GateOrder.LSTM_IFGO, GateOrder.LSTM_IOFC));
        assertEquals("expected 4 x 2 rows of 1 values (8), got 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GateOrder.GRU_RZN.indexOf("i"));
        assertTrue(e.getMessage().contains("'i'") && e.getMessage().contains("GRU_RZN"), e.getMessage());
    }
}
