package dev.carousel.spec.layout;

import java.util.Arrays;
import java.util.List;

/**
 * The order in which a program stacks the gate blocks of its recurrent weights (equations.md section 1, "Weight
 * layout"). Carousel's interchange layout is PyTorch's: LSTM rows i, f, g, o; GRU rows r, z, n. Other programs
 * stack the same H-row blocks in another order; {@link #permuteRows} moves weights between any two orders of the
 * same cell.
 *
 * <pre>
 *   LSTM   interchange / PyTorch / DJL   i f g o
 *          ONNX (W, R, B)                i o f c      (c = g, the cell input)
 *          Keras / TensorFlow            i f c o      (the interchange order; kernels are [I, 4H], transposed)
 *   GRU    interchange / PyTorch / DJL   r z n
 *          ONNX and Keras                z r h        (h = n, the candidate; Keras kernels transposed)
 * </pre>
 * Gates are named by their interchange letter (i, f, g, o; r, z, n) in every order.
 */
public enum GateOrder {
    /** Carousel's interchange order for the LSTM (PyTorch's and DJL's). */
    LSTM_IFGO("i", "f", "g", "o"),
    /** ONNX's LSTM order: i, o, f, c. */
    LSTM_IOFC("i", "o", "f", "g"),
    /** Carousel's interchange order for the GRU (PyTorch's and DJL's). */
    GRU_RZN("r", "z", "n"),
    /** ONNX's and Keras' GRU order: z, r, h. */
    GRU_ZRH("z", "r", "n");

    private final List<String> gates;

    GateOrder(String... gates) {
        this.gates = List.of(gates);
    }

    /** The gates in this order, by their interchange letters. */
    public List<String> gates() {
        return gates;
    }

    /** The number of gate blocks (4 for the LSTM, 3 for the GRU). */
    public int count() {
        return gates.size();
    }

    /** The block index of a gate (by its interchange letter) in this order. */
    public int indexOf(String gate) {
        int k = gates.indexOf(gate);
        if (k < 0) {
            throw new IllegalArgumentException("gate '" + gate + "' is not in " + this + " " + gates);
        }
        return k;
    }

    /**
     * Reorders the gate blocks of a row-major array of {@code count() * hidden} rows of {@code cols} values each (a
     * weight matrix [G H, cols], or a bias [G H] with cols = 1) from order {@code from} to order {@code to}.
     *
     * @return a new array; {@code values} is unchanged
     * @throws IllegalArgumentException when the orders belong to different cells or the length does not fit
     */
    public static double[] permuteRows(double[] values, int hidden, int cols, GateOrder from, GateOrder to) {
        if (from.count() != to.count() || !from.gates.containsAll(to.gates)) {
            throw new IllegalArgumentException("cannot reorder " + from + " " + from.gates + " into " + to + " "
                    + to.gates + ": different cells");
        }
        int block = hidden * cols;
        if (values.length != from.count() * block) {
            throw new IllegalArgumentException("expected " + from.count() + " x " + hidden + " rows of " + cols
                    + " values (" + from.count() * block + "), got " + values.length);
        }
        double[] out = new double[values.length];
        for (int k = 0; k < to.count(); k++) {
            int src = from.indexOf(to.gates.get(k));
            System.arraycopy(values, src * block, out, k * block, block);
        }
        return out;
    }

    @Override
    public String toString() {
        return name() + Arrays.toString(gates.toArray());
    }
}
