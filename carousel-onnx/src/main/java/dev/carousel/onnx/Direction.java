package dev.carousel.onnx;

import java.util.Arrays;

/** The ONNX {@code direction} attribute of an LSTM/GRU node. */
public enum Direction {
    FORWARD("forward", 1),
    REVERSE("reverse", 1),
    BIDIRECTIONAL("bidirectional", 2);

    private final String key;
    private final int count;

    Direction(String key, int count) {
        this.key = key;
        this.count = count;
    }

    /** The attribute value: forward, reverse, bidirectional. */
    public String key() {
        return key;
    }

    /** num_directions: 1, or 2 for bidirectional. */
    public int count() {
        return count;
    }

    /** Whether direction {@code d} (0 or 1) of this node runs from the last valid step back to step 0. */
    public boolean reversed(int d) {
        return this == REVERSE || (this == BIDIRECTIONAL && d == 1);
    }

    /** Looks up the attribute value (exact, as ONNX spells it). */
    public static Direction fromKey(String key) {
        for (Direction d : values()) {
            if (d.key.equals(key)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + key + "'; expected one of "
                + Arrays.toString(Arrays.stream(values()).map(Direction::key).toArray()));
    }
}
