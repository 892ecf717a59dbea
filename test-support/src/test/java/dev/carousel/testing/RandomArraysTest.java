package dev.carousel.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomArraysTest {

    @Test
    void sameSeedSameValuesOtherSeedOtherValues() {
        assertArrayEquals(RandomArrays.uniform(3, 50, 0.5), RandomArrays.uniform(3, 50, 0.5), 0.0);
        assertFalse(Arrays.equals(RandomArrays.uniform(3, 50, 0.5), RandomArrays.uniform(4, 50, 0.5)));
        // the documented generator: java.util.Random, value = (2 u - 1) scale
        Random r = new Random(3);
        assertEquals((2 * r.nextDouble() - 1) * 0.5, RandomArrays.uniform(3, 50, 0.5)[0], 0.0);
    }

    @Test
    void valuesAreInRangeAllDifferentAndOfBothSigns() {
        double[] v = RandomArrays.uniform(11, 2000, 0.3);
        Set<Double> distinct = new HashSet<>();
        boolean negative = false;
        boolean positive = false;
        for (double x : v) {
            assertTrue(x >= -0.3 && x < 0.3, "out of range: " + x);
            distinct.add(x);
            negative |= x < 0;
            positive |= x > 0;
        }
        assertEquals(v.length, distinct.size(), "asymmetric: no two values equal");
        assertTrue(negative && positive);
        double mean = Arrays.stream(v).average().orElseThrow();
        assertTrue(Math.abs(mean) < 0.03, "mean of U[-0.3, 0.3) over 2000 draws: " + mean);
    }

    @Test
    void shapesOfMatricesAndSequences() {
        double[][] m = RandomArrays.matrix(new Random(1), 3, 4, 1.0);
        assertEquals(3, m.length);
        assertTrue(Arrays.stream(m).allMatch(row -> row.length == 4));
        double[][][] s = RandomArrays.sequence(new Random(1), 2, 5, 3, 1.0);
        assertEquals(2, s.length);
        assertEquals(5, s[1].length);
        assertEquals(3, s[1][4].length);
        // the rows are consecutive draws of the generator
        double[] flat = RandomArrays.flatten(s);
        assertArrayEquals(RandomArrays.uniform(1, 30, 1.0), flat, 0.0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, RandomArrays.flatten(new double[][] {{1, 2}, {3, 4}}), 0.0);
    }

    @Test
    void lengthsStartFullAndStayInRange() {
        int[] l = RandomArrays.lengths(new Random(5), 200, 2, 7);
        assertEquals(7, l[0]);
        Set<Integer> seen = new HashSet<>();
        for (int x : l) {
            assertTrue(x >= 2 && x <= 7, "length " + x);
            seen.add(x);
        }
        assertEquals(Set.of(2, 3, 4, 5, 6, 7), seen, "every length in range occurs in 200 draws");
        assertArrayEquals(new double[][] {{1, 1, 1}, {1, 0, 0}, {0, 0, 0}},
                RandomArrays.prefixMask(new int[] {3, 1, 0}, 3));
    }

    @Test
    void badArgumentsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomArrays.uniform(1, 3, 0.0));
        assertTrue(e.getMessage().contains("scale") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomArrays.lengths(new Random(1), 2, 5, 3));
        assertTrue(e.getMessage().contains("minLength=5") && e.getMessage().contains("maxLength=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomArrays.prefixMask(new int[] {4}, 3));
        assertTrue(e.getMessage().contains("got 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomArrays.flatten(new double[][] {{1}, {1, 2}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void flattenNestedConcatenatesAnyDepthInRowMajorOrder() {
        double[][][] x = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
        assertArrayEquals(RandomArrays.flatten(x), RandomArrays.flattenNested(x), 0.0);
        Object mixed = new Object[] {new double[] {1}, new double[][] {{2, 3}, {4}}};
        assertArrayEquals(new double[] {1, 2, 3, 4}, RandomArrays.flattenNested(mixed), 0.0);
        double[] flat = {9, 8};
        double[] copy = RandomArrays.flattenNested(flat);
        copy[0] = 0;
        assertEquals(9, flat[0], 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomArrays.flattenNested(new Object[] {new double[] {1}, "x"}));
        assertTrue(e.getMessage().contains("array[1]"), e.getMessage());
    }
}
