package dev.carousel.verify.vectors;

import java.util.Arrays;

/** The recurrent cell a test case computes: the {@code "cell"} value of {@code case.json}. */
public enum CellType {
    /** LSTM, equations.md section 1; G = 4 gate row blocks i, f, g, o; state (h, c). */
    LSTM("lstm", 4),
    /** GRU, equations.md section 2; G = 3 gate row blocks r, z, n; state h. */
    GRU("gru", 3);

    private final String key;
    private final int gates;

    CellType(String key, int gates) {
        this.key = key;
        this.gates = gates;
    }

    /** The name in {@code case.json}. */
    public String key() {
        return key;
    }

    /** G, the number of row blocks of {@code w_ih}, {@code w_hh}, {@code b_ih}, {@code b_hh}. */
    public int gates() {
        return gates;
    }

    /** Whether the state has a cell part c (so the case has {@code c0}, {@code c_n}, {@code dc_n}). */
    public boolean hasCellState() {
        return this == LSTM;
    }

    /** The cell type named {@code key} (exact, lower case), or null. */
    public static CellType fromKeyOrNull(String key) {
        for (CellType c : values()) {
            if (c.key.equals(key)) {
                return c;
            }
        }
        return null;
    }

    /** The known keys, for messages. */
    public static String knownKeys() {
        return Arrays.toString(Arrays.stream(values()).map(CellType::key).toArray());
    }
}
