package dev.carousel.onnx;

/** The two ONNX recurrent operators Carousel imports and exports. */
public enum RecurrentOp {
    /** ONNX {@code LSTM}: gate blocks i, o, f, c; peepholes P = [p_i, p_o, p_f]. */
    LSTM(4),
    /** ONNX {@code GRU}: gate blocks z, r, h. */
    GRU(3);

    private final int gates;

    RecurrentOp(int gates) {
        this.gates = gates;
    }

    /** Gate blocks per weight matrix: 4 (LSTM) or 3 (GRU). */
    public int gates() {
        return gates;
    }

    /** The ONNX op_type, {@code "LSTM"} or {@code "GRU"}. */
    public String opType() {
        return name();
    }
}
