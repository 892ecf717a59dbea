package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The input policy shared with the DL4J layers: an input or initial state holding NaN or ±Infinity is refused by
 * default, with the value and its position; {@code -Dcarousel.checkInput=false} turns the check off for speed (the
 * DL4J layers read the same property, and also have a per-layer builder flag). The check is two element-wise
 * comparisons on the engine and nothing more while the values are finite.
 */
final class FiniteCheck {
    /** The system property that turns the check off ("false"), as for the DL4J layers. */
    static final String PROPERTY = "carousel.checkInput";

    private FiniteCheck() {
    }

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
    }

    /**
     * @throws IllegalArgumentException naming {@code who}, {@code what}, the first non-finite value and its index
     */
    static void require(NDArray a, String who, String what) {
        if (!enabled() || a.getShape().size() == 0) {
            return;
        }
        boolean bad;
        try (NDArray nan = a.isNaN(); NDArray inf = a.isInfinite(); NDArray either = nan.logicalOr(inf);
             NDArray any = either.any()) {
            bad = any.getBoolean();
            if (!bad) {
                return;
            }
            boolean[] flags = either.toBooleanArray();
            int first = 0;
            while (!flags[first]) {
                first++;
            }
            double value;
            try (NDArray flat = a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).flatten()) {
                value = flat.getDouble(first);
            }
            throw new IllegalArgumentException(who + ": expected finite " + what + ", got " + value + " at "
                    + Arrays.toString(index(a.getShape(), first)) + " (shape " + a.getShape() + "; "
                    + "-D" + PROPERTY + "=false skips this check)");
        }
    }

    private static long[] index(Shape shape, long flat) {
        long[] idx = new long[shape.dimension()];
        for (int d = shape.dimension() - 1; d >= 0; d--) {
            idx[d] = flat % shape.get(d);
            flat /= shape.get(d);
        }
        return idx;
    }
}
