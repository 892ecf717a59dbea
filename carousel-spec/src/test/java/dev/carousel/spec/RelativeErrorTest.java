package dev.carousel.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pass/fail measure: max|a - e| / max(max|e|, 1e-12), with hand-computed values. */
class RelativeErrorTest {

    @Test
    void maxAbsoluteDifferenceOverMaxAbsoluteExpected() {
        // differences 0.5, 0.01, 0.25 -> 0.5; max|e| = 4 (a negative element) -> 0.125
        assertEquals(0.125, RelativeError.of(new double[] {1.5, -4.01, 2.25}, new double[] {1.0, -4.0, 2.0}), 1e-15);
        // the largest difference sits on a small element: still divided by max|e|, not by that element
        assertEquals(0.1 / 10, RelativeError.of(new double[] {0.2, 10.0}, new double[] {0.1, 10.0}), 1e-15);
        assertEquals(0.0, RelativeError.of(new double[] {3, -7}, new double[] {3, -7}));
        assertEquals(0.0, RelativeError.of(new double[0], new double[0]));
    }

    @Test
    void notSymmetric() {
        double[] a = {2.0};
        double[] e = {1.0};
        assertEquals(1.0, RelativeError.of(a, e));
        assertEquals(0.5, RelativeError.of(e, a));
    }

    @Test
    void nanOrInfinityInTheActualArrayIsAnInfiniteError() {
        assertEquals(Double.POSITIVE_INFINITY, RelativeError.of(new double[] {1, Double.NaN}, new double[] {1, 1}));
        assertEquals(Double.POSITIVE_INFINITY,
                RelativeError.of(new double[] {Double.POSITIVE_INFINITY, 1}, new double[] {1, 1}));
        assertEquals(Double.POSITIVE_INFINITY,
                RelativeError.of(new double[] {Double.NEGATIVE_INFINITY}, new double[] {Double.NEGATIVE_INFINITY}),
                "even where expected holds the same infinity");
        assertEquals(Double.POSITIVE_INFINITY, RelativeError.of(new float[] {Float.NaN}, new double[] {0.0}));
        // a NaN expectation never passes either: NaN compares false with every tolerance
        double err = RelativeError.of(new double[] {1.0}, new double[] {Double.NaN});
        assertTrue(!(err <= 1e300), "NaN expected gives " + err);
    }

    @Test
    void allZeroExpectedUsesTheFloorAsDenominator() {
        assertEquals(1e-12, RelativeError.FLOOR);
        assertEquals(0.5, RelativeError.of(new double[] {5e-13, 0}, new double[] {0, 0}), 1e-15);
        assertEquals(1e3, RelativeError.of(new double[] {1e-9}, new double[] {0}), 1e-6);
        // just above the floor, the expected array's own maximum is the denominator
        assertEquals(1.0, RelativeError.of(new double[] {4e-12}, new double[] {2e-12}), 1e-12);
    }

    @Test
    void floatActualsAreComparedAtTheirExactValue() {
        // 0.1f is 0.100000001490116..., so the error against 0.1 is (0.1f - 0.1) / 0.1
        double expected = ((double) 0.1f - 0.1) / 0.1;
        assertEquals(expected, RelativeError.of(new float[] {0.1f}, new double[] {0.1}), 1e-22);
        assertTrue(expected > 0 && expected < DType.FLOAT32.tolerance(1));
    }

    @Test
    void lengthMismatchNamesBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RelativeError.of(new double[2], new double[3]));
        assertEquals("length 2, expected 3", e.getMessage());
    }
}
