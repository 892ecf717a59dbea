package dev.carousel.verify.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.carousel.spec.DType;
import org.junit.jupiter.api.Test;

/** relative error = max|a - e| / max(max|e|, 1e-12), and the tolerances of test-vectors.md. */
class TensorRelativeErrorTest {
    private static Tensor v(double... x) {
        return Tensor.of(x);
    }

    @Test
    void maxAbsoluteDifferenceOverMaxAbsoluteExpected() {
        // max|a-e| = 0.5 (second entry), max|e| = 4 (third entry, negative)
        assertEquals(0.5 / 4.0, v(1.0, 2.5, -4.0).relativeErrorTo(v(1.0, 2.0, -4.0)), 1e-15);
        assertEquals(0.0, v(1.0, 2.0).relativeErrorTo(v(1.0, 2.0)));
    }

    @Test
    void zeroExpectedComparesAgainstTheFloor() {
        assertEquals(3e-13 / 1e-12, v(3e-13, 0.0).relativeErrorTo(v(0.0, 0.0)), 1e-12);
    }

    @Test
    void nanOrInfinityNeverPasses() {
        assertEquals(Double.POSITIVE_INFINITY, v(Double.NaN, 1.0).relativeErrorTo(v(1.0, 1.0)));
        assertEquals(Double.POSITIVE_INFINITY, v(1.0, Double.NEGATIVE_INFINITY).relativeErrorTo(v(1.0, 1.0)));
    }

    @Test
    void shapesMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(new int[] {2, 1}, new double[2]).relativeErrorTo(v(1.0, 2.0)));
        assertEquals("shape (2, 1), expected (2,)", e.getMessage());
    }

    @Test
    void tolerances() {
        assertEquals(1e-9, DType.FLOAT64.tolerance(1));
        assertEquals(1e-9, DType.FLOAT64.tolerance(500));
        assertEquals(1e-4, DType.FLOAT32.tolerance(100));
        assertEquals(1e-3, DType.FLOAT32.tolerance(101));
        assertEquals(DType.FLOAT32, DType.fromKey("Float32"));
        assertEquals("unknown dtype 'float16'; expected one of [float64, float32]",
                assertThrows(IllegalArgumentException.class, () -> DType.fromKey("float16")).getMessage());
    }
}
