package dev.carousel.onnx;

import dev.carousel.spec.layout.InterchangeNames;
import dev.carousel.spec.layout.GateOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The maths of the layouts: one direction of ONNX's W [G H, I], R [G H, H], B [2 G H] (= [Wb ; Rb]) and P [3 H]
 * to and from Carousel's interchange weights (w_ih, w_hh, b_ih, b_hh, p_i, p_f, p_o).
 *
 * <pre>
 *   LSTM  ONNX gate blocks i, o, f, c        interchange i, f, g, o  (c = g)     P = [p_i ; p_o ; p_f]
 *   GRU   ONNX gate blocks z, r, h           interchange r, z, n     (h = n)
 *   both  Wb -&gt; b_ih, Rb -&gt; b_hh (kept apart: the GRU needs them apart for reset-after)
 * </pre>
 * Permuting rows moves whole values, so both directions of the conversion are exact.
 */
public final class OnnxWeights {
    public static final String W_IH = InterchangeNames.W_IH;
    public static final String W_HH = InterchangeNames.W_HH;
    public static final String B_IH = InterchangeNames.B_IH;
    public static final String B_HH = InterchangeNames.B_HH;
    public static final String P_I = InterchangeNames.P_I;
    public static final String P_F = InterchangeNames.P_F;
    public static final String P_O = InterchangeNames.P_O;

    private OnnxWeights() {
    }

    /** One direction of ONNX weights: W, R, B (2 G H values), and P (3 H values, LSTM with peepholes) or null. */
    public record PerDirection(double[] w, double[] r, double[] b, double[] p) {
    }

    /**
     * ONNX to interchange.
     *
     * @param op  LSTM or GRU
     * @param dir W [G H, I], R [G H, H], B [2 G H] (null for zeros), P [3 H] or null
     * @return w_ih, w_hh, b_ih, b_hh (and p_i, p_f, p_o when P is given)
     */
    public static Map<String, double[]> toInterchange(RecurrentOp op, PerDirection dir, int hidden, int input) {
        GateOrder onnx = onnxOrder(op);
        GateOrder ic = interchangeOrder(op);
        int g = op.gates();
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(W_IH, GateOrder.permuteRows(dir.w(), hidden, input, onnx, ic));
        out.put(W_HH, GateOrder.permuteRows(dir.r(), hidden, hidden, onnx, ic));
        double[] b = dir.b() == null ? new double[2 * g * hidden] : dir.b();
        out.put(B_IH, GateOrder.permuteRows(Arrays.copyOfRange(b, 0, g * hidden), hidden, 1, onnx, ic));
        out.put(B_HH, GateOrder.permuteRows(Arrays.copyOfRange(b, g * hidden, 2 * g * hidden), hidden, 1, onnx, ic));
        if (dir.p() != null) {
            double[] p = dir.p();
            out.put(P_I, Arrays.copyOfRange(p, 0, hidden));
            out.put(P_F, Arrays.copyOfRange(p, 2 * hidden, 3 * hidden));
            out.put(P_O, Arrays.copyOfRange(p, hidden, 2 * hidden));
        }
        return out;
    }

    /**
     * Interchange to ONNX.
     *
     * @param peepholes whether to produce P (then p_i, p_f, p_o are required)
     */
    public static PerDirection toOnnx(RecurrentOp op, Map<String, double[]> w, int hidden, int input,
                                   boolean peepholes, String where) {
        GateOrder onnx = onnxOrder(op);
        GateOrder ic = interchangeOrder(op);
        int g = op.gates();
        double[] wIh = require(w, W_IH, g * hidden * input, where, "[" + g * hidden + ", " + input + "]");
        double[] wHh = require(w, W_HH, g * hidden * hidden, where, "[" + g * hidden + ", " + hidden + "]");
        double[] bIh = require(w, B_IH, g * hidden, where, "[" + g * hidden + "]");
        double[] bHh = require(w, B_HH, g * hidden, where, "[" + g * hidden + "]");
        double[] b = new double[2 * g * hidden];
        System.arraycopy(GateOrder.permuteRows(bIh, hidden, 1, ic, onnx), 0, b, 0, g * hidden);
        System.arraycopy(GateOrder.permuteRows(bHh, hidden, 1, ic, onnx), 0, b, g * hidden, g * hidden);
        double[] p = null;
        if (peepholes) {
            p = new double[3 * hidden];
            System.arraycopy(require(w, P_I, hidden, where, "[" + hidden + "]"), 0, p, 0, hidden);
            System.arraycopy(require(w, P_O, hidden, where, "[" + hidden + "]"), 0, p, hidden, hidden);
            System.arraycopy(require(w, P_F, hidden, where, "[" + hidden + "]"), 0, p, 2 * hidden, hidden);
        }
        return new PerDirection(GateOrder.permuteRows(wIh, hidden, input, ic, onnx),
                GateOrder.permuteRows(wHh, hidden, hidden, ic, onnx), b, p);
    }

    /** ONNX's gate order: LSTM i, o, f, c; GRU z, r, h. */
    public static GateOrder onnxOrder(RecurrentOp op) {
        return op == RecurrentOp.LSTM ? GateOrder.LSTM_IOFC : GateOrder.GRU_ZRH;
    }

    /** Carousel's interchange order: LSTM i, f, g, o; GRU r, z, n. */
    public static GateOrder interchangeOrder(RecurrentOp op) {
        return op == RecurrentOp.LSTM ? GateOrder.LSTM_IFGO : GateOrder.GRU_RZN;
    }

    private static double[] require(Map<String, double[]> w, String key, int length, String where, String shape) {
        double[] v = w.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + ": weight '" + key + "' " + shape + " is missing; got "
                    + w.keySet());
        }
        if (v.length != length) {
            throw new IllegalArgumentException(where + ": weight '" + key + "' must be " + shape + " = " + length
                    + " values, got " + v.length);
        }
        return v;
    }
}
