package dev.carousel.spec;

import java.util.Arrays;
import java.util.Locale;

/** The floating-point type an implementation computes in, with the tolerances of test-vectors.md. */
public enum DType {
    FLOAT64("float64"),
    FLOAT32("float32");

    private final String key;

    DType(String key) {
        this.key = key;
    }

    /** The name on the command line: float64, float32. */
    public String key() {
        return key;
    }

    /**
     * The largest relative error (see {@link RelativeError}; test-vectors.md, "Tolerances") that passes for a sequence of {@code time} steps:
     * 1e-9 in float64; in float32 1e-4 up to T = 100 and 1e-3 beyond.
     */
    public double tolerance(int time) {
        if (this == FLOAT64) {
            return 1e-9;
        }
        return time <= 100 ? 1e-4 : 1e-3;
    }

    /** Looks a dtype up by its name (case-insensitive); the message names the known ones. */
    public static DType fromKey(String key) {
        for (DType d : values()) {
            if (d.key.equals(key.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + key + "'; expected one of "
                + Arrays.toString(Arrays.stream(values()).map(DType::key).toArray()));
    }

    @Override
    public String toString() {
        return key;
    }
}
