package dev.carousel.verify.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Row-major layout of {@link Tensor} and its conversions. */
class TensorTest {
    @Test
    void rowMajorRoundTrips() {
        double[][][] a = {{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {10, 11, 12}}};
        Tensor t = Tensor.of(a);
        assertArrayEquals(new int[] {2, 2, 3}, t.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, t.data());
        assertArrayEquals(a, t.toArray3());
        assertEquals("[1, 0, 2]", t.indexOf(8));             // value 9
        double[][] m = {{1, 2}, {3, 4}, {5, 6}};
        assertArrayEquals(m, Tensor.of(m).toArray2());
        assertEquals("(3, 2)", Tensor.shapeString(Tensor.of(m).shape()));
        assertEquals("(4,)", Tensor.shapeString(new int[] {4}));
    }

    @Test
    void float32Conversions() {
        Tensor t = new Tensor(new int[] {2}, new double[] {0.1, -2.5});
        assertArrayEquals(new float[] {0.1f, -2.5f}, t.toFloatArray());
        assertArrayEquals(new double[] {(double) 0.1f, -2.5}, Tensor.ofFloats(new int[] {2}, t.toFloatArray()).data());
    }

    @Test
    void refusesInconsistentShapes() {
        assertEquals("shape (2, 3) holds 6 values, got 5",
                assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {2, 3}, new double[5]))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalStateException.class, () -> Tensor.of(new double[] {1, 2}).toArray2());
    }
}
