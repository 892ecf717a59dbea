package dev.carousel.onnx;

import dev.carousel.spec.layout.GateOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras (TensorFlow) LSTM and GRU weights to Carousel's interchange layout, framework-neutral (plain doubles in
 * row-major order, as {@code layer.get_weights()} returns them flattened with {@code numpy.ravel()}).
 *
 * <pre>
 *   LSTM  kernel [I, 4H], recurrent_kernel [H, 4H], bias [4H], columns i, f, c, o (the interchange order)
 *         w_ih = kernel^T, w_hh = recurrent_kernel^T, b_ih = bias, b_hh = 0
 *   GRU   kernel [I, 3H], recurrent_kernel [H, 3H], columns z, r, h
 *         reset_after=True  (Keras' default): bias [2, 3H]; b_ih = bias[0], b_hh = bias[1]; Carousel reset-after
 *         reset_after=False: bias [3H]; b_ih = bias, b_hh = 0; Carousel reset-before
 *         every block permuted z, r, h -&gt; r, z, n
 * </pre>
 * Keras' LSTM has no peepholes: use {@code LstmSpec.vanilla(I, H)}; for the GRU {@code new GruSpec(I, H, resetAfter)}.
 */
public final class KerasWeights {
    private KerasWeights() {
    }

    /**
     * @param kernel          [I, 4H]
     * @param recurrentKernel [H, 4H]
     * @param bias            [4H], or null when the layer has use_bias=False
     */
    public static Map<String, double[]> lstm(double[] kernel, double[] recurrentKernel, double[] bias, int input,
                                             int hidden) {
        check("kernel", kernel, input * 4 * hidden, "[" + input + ", " + 4 * hidden + "]");
        check("recurrent_kernel", recurrentKernel, hidden * 4 * hidden, "[" + hidden + ", " + 4 * hidden + "]");
        Map<String, double[]> w = new LinkedHashMap<>();
        w.put(OnnxWeights.W_IH, transpose(kernel, input, 4 * hidden));
        w.put(OnnxWeights.W_HH, transpose(recurrentKernel, hidden, 4 * hidden));
        if (bias != null) {
            check("bias", bias, 4 * hidden, "[" + 4 * hidden + "]");
        }
        w.put(OnnxWeights.B_IH, bias == null ? new double[4 * hidden] : bias.clone());
        w.put(OnnxWeights.B_HH, new double[4 * hidden]);
        return w;
    }

    /**
     * @param kernel          [I, 3H]
     * @param recurrentKernel [H, 3H]
     * @param bias            [2, 3H] when {@code resetAfter}, [3H] otherwise; null when use_bias=False
     * @param resetAfter      Keras' reset_after
     */
    public static Map<String, double[]> gru(double[] kernel, double[] recurrentKernel, double[] bias, int input,
                                            int hidden, boolean resetAfter) {
        int g = 3 * hidden;
        check("kernel", kernel, input * g, "[" + input + ", " + g + "]");
        check("recurrent_kernel", recurrentKernel, hidden * g, "[" + hidden + ", " + g + "]");
        double[] bIh = new double[g];
        double[] bHh = new double[g];
        if (bias != null) {
            if (resetAfter) {
                check("bias (reset_after=True)", bias, 2 * g, "[2, " + g + "]");
                System.arraycopy(bias, 0, bIh, 0, g);
                System.arraycopy(bias, g, bHh, 0, g);
            } else {
                check("bias (reset_after=False)", bias, g, "[" + g + "]");
                System.arraycopy(bias, 0, bIh, 0, g);
            }
        }
        Map<String, double[]> w = new LinkedHashMap<>();
        w.put(OnnxWeights.W_IH, zrhToRzn(transpose(kernel, input, g), hidden, input));
        w.put(OnnxWeights.W_HH, zrhToRzn(transpose(recurrentKernel, hidden, g), hidden, hidden));
        w.put(OnnxWeights.B_IH, zrhToRzn(bIh, hidden, 1));
        w.put(OnnxWeights.B_HH, zrhToRzn(bHh, hidden, 1));
        return w;
    }

    private static double[] zrhToRzn(double[] v, int hidden, int cols) {
        return GateOrder.permuteRows(v, hidden, cols, GateOrder.GRU_ZRH, GateOrder.GRU_RZN);
    }

    /** [rows, cols] row-major to [cols, rows]. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    private static void check(String name, double[] v, int length, String shape) {
        if (v == null || v.length != length) {
            throw new IllegalArgumentException("Keras " + name + ": expected " + shape + " = " + length
                    + " values, got " + (v == null ? "null" : v.length));
        }
    }
}
