package dev.carousel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ComparisonsTest {

    @Test
    void passesAtTheToleranceAndReturnsTheError() {
        // max|a - e| = 0.02 (element 1), max|e| = 4: error 0.005
        double err = Comparisons.assertRelativeError(new double[] {1.0, -2.02, 4.0}, new double[] {1.0, -2.0, 4.0},
                0.005 + 1e-15, "v");
        assertEquals(0.005, err, 1e-15);
    }

    @Test
    void failureNamesTheArrayTheErrorTheToleranceAndTheWorstElement() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Comparisons.assertRelativeError(
                new double[] {1.0, -2.02, 4.001}, new double[] {1.0, -2.0, 4.0}, 1e-3, "h_n"));
        String m = e.getMessage();
        assertTrue(m.startsWith("h_n: relative error 5.000e-03 > tolerance 1.000e-03"), m);
        assertTrue(m.contains("worst element [1]: actual -2.02, expected -2.0"), m);
    }

    @Test
    void matrixAndBatchFailuresGiveTheMultiIndex() {
        double[][] e2 = {{1, 2, 3}, {4, 5, 6}};
        double[][] a2 = {{1, 2, 3}, {4, 5, 7}};
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Comparisons.assertRelativeError(a2, e2, 1e-6, "W"));
        assertTrue(e.getMessage().contains("worst element [1][2]: actual 7.0, expected 6.0"), e.getMessage());
        double[][][] e3 = {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}};
        double[][][] a3 = {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10.5}, {11, 12}}};
        e = assertThrows(AssertionFailedError.class, () -> Comparisons.assertRelativeError(a3, e3, 1e-6, "y"));
        assertTrue(e.getMessage().contains("worst element [1][1][1]"), e.getMessage());
        assertEquals(0.0, Comparisons.assertRelativeError(e3, e3, 0.0, "y"));
    }

    @Test
    void nanAndInfinityNeverPassAndAreTheWorstElement() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Comparisons.assertRelativeError(
                    new double[] {100.0, bad, 3.0}, new double[] {1.0, 2.0, 3.0}, 1e30, "c"));
            assertTrue(e.getMessage().contains("relative error Infinity") || e.getMessage().contains("relative error"
                    + " NaN"), e.getMessage());
            assertTrue(e.getMessage().contains("worst element [1]"), e.getMessage());
        }
        assertThrows(AssertionFailedError.class, () -> Comparisons.assertRelativeError(new double[] {1.0},
                new double[] {Double.NaN}, 1.0, "expected NaN"));
    }

    @Test
    void allZeroExpectedComparesAbsolutelyThroughTheFloor() {
        // max|e| = 0: the denominator is the floor 1e-12
        assertEquals(0.5, Comparisons.assertRelativeError(new double[] {0, 5e-13}, new double[] {0, 0}, 0.5, "z"),
                1e-12);
        assertThrows(AssertionFailedError.class, () -> Comparisons.assertRelativeError(new double[] {0, 1e-9},
                new double[] {0, 0}, 1.0, "z"));
    }

    @Test
    void shapeMismatchAndNullFailWithAClearMessage() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Comparisons.assertRelativeError(new double[2], new double[3], 1.0, "b"));
        assertEquals("b: 2 values, expected 3", e.getMessage());
        e = assertThrows(AssertionFailedError.class,
                () -> Comparisons.assertRelativeError(new double[2][3], new double[3][2], 1.0, "W"));
        assertEquals("W: shape [2][3], expected [3][2]", e.getMessage());
        e = assertThrows(AssertionFailedError.class,
                () -> Comparisons.assertRelativeError((double[]) null, new double[3], 1.0, "x"));
        assertEquals("x: actual is null", e.getMessage());
    }

    @Test
    void floatActualsAreWidened() {
        float[] a = {0.1f, 0.2f};
        double err = Comparisons.assertRelativeError(a, new double[] {0.1, 0.2}, 1e-7, "f32");
        assertTrue(err > 0 && err < 1e-7, "float rounding of 0.1 and 0.2: " + err);
    }

    @Test
    void flatComparisonIgnoresNestingButNotValues() {
        double[][][] e = {{{1, -2}, {3, 4}}};
        assertEquals(0.0, Comparisons.assertRelativeErrorFlat(new double[] {1, -2, 3, 4}, e, 0.0, "y"), 0.0);
        AssertionFailedError f = assertThrows(AssertionFailedError.class,
                () -> Comparisons.assertRelativeErrorFlat(new double[] {1, -2, 3, 4.4}, e, 0.05, "y"));
        assertTrue(f.getMessage().startsWith("y: relative error 1.000e-01 > tolerance 5.000e-02"), f.getMessage());
        assertThrows(AssertionFailedError.class, () -> Comparisons.assertRelativeErrorFlat(null, e, 1.0, "y"));
        assertThrows(AssertionFailedError.class,
                () -> Comparisons.assertRelativeErrorFlat(new double[] {1, -2, 3}, e, 1.0, "y"));
    }
}
