package dev.carousel.testing;

import java.util.Random;

/**
 * Seeded random test data: weights, inputs and sequence lengths as {@code double[]}, {@code double[][]} and
 * {@code double[][][]}. Values are uniform in [-scale, scale), so every element differs from every other (asymmetric
 * weights: a constant or symmetric fill would hide a gate-order or transposition bug). The same {@link Random} (or
 * seed) gives the same arrays on every run and machine.
 */
public final class RandomArrays {
    private RandomArrays() {
    }

    /** A generator for {@code seed}: {@code new Random(seed)}. */
    public static Random rng(long seed) {
        return new Random(seed);
    }

    /** n values uniform in [-scale, scale). */
    public static double[] uniform(Random r, int n, double scale) {
        if (n < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + n);
        }
        double[] v = new double[n];
        fill(v, r, scale);
        return v;
    }

    /** n values uniform in [-scale, scale) from a fresh generator seeded with {@code seed}. */
    public static double[] uniform(long seed, int n, double scale) {
        return uniform(rng(seed), n, scale);
    }

    /** Overwrites {@code a} with values uniform in [-scale, scale). */
    public static void fill(double[] a, Random r, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        for (int k = 0; k < a.length; k++) {
            a[k] = (2 * r.nextDouble() - 1) * scale;
        }
    }

    /** A [rows][cols] matrix of values uniform in [-scale, scale). */
    public static double[][] matrix(Random r, int rows, int cols, double scale) {
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = uniform(r, cols, scale);
        }
        return m;
    }

    /** A [batch][time][width] batch of sequences of values uniform in [-scale, scale). */
    public static double[][][] sequence(Random r, int batch, int time, int width, double scale) {
        double[][][] s = new double[batch][][];
        for (int b = 0; b < batch; b++) {
            s[b] = matrix(r, time, width, scale);
        }
        return s;
    }

    /**
     * Valid lengths of a padded batch: the first sequence has the full {@code maxLength} (so the batch is as long as
     * its padding), the others a length uniform in [minLength, maxLength].
     */
    public static int[] lengths(Random r, int batch, int minLength, int maxLength) {
        if (minLength < 0 || maxLength < minLength || maxLength < 1) {
            throw new IllegalArgumentException("need 0 <= minLength <= maxLength and maxLength >= 1, got minLength="
                    + minLength + " maxLength=" + maxLength);
        }
        int[] l = new int[batch];
        for (int b = 0; b < batch; b++) {
            l[b] = b == 0 ? maxLength : minLength + r.nextInt(maxLength - minLength + 1);
        }
        return l;
    }

    /** A [batch][maxLength] prefix mask (1 for t &lt; length, else 0) of the given lengths. */
    public static double[][] prefixMask(int[] lengths, int maxLength) {
        double[][] m = new double[lengths.length][maxLength];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > maxLength) {
                throw new IllegalArgumentException("length of sequence " + b + " must be in [0, " + maxLength
                        + "], got " + lengths[b]);
            }
            for (int t = 0; t < lengths[b]; t++) {
                m[b][t] = 1.0;
            }
        }
        return m;
    }

    /** Row-major flattening of a [rows][cols] matrix (rows must have equal length). */
    public static double[] flatten(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + m[i].length + " values, row 0 has " + cols);
            }
            System.arraycopy(m[i], 0, out, i * cols, cols);
        }
        return out;
    }

    /** Row-major flattening of a [a][b][c] array (rectangular). */
    public static double[] flatten(double[][][] x) {
        double[][] rows = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            rows[i] = flatten(x[i]);
        }
        return flatten(rows);
    }

    /**
     * Row-major flattening of a nested array of any depth: a {@code double[]} (copied), or an {@code Object[]} whose
     * elements are {@code double[]} or again such arrays (e.g. a {@code double[][][]}, or {@code new Object[] {h0f,
     * h0b}}). Rows may differ in length: the values are concatenated in order. For results whose layout equals the
     * expectation's up to nesting (a flat framework buffer against a [B][T][H] reference array).
     *
     * @throws IllegalArgumentException for null or an element that is neither
     */
    public static double[] flattenNested(Object nested) {
        java.util.ArrayList<double[]> parts = new java.util.ArrayList<>();
        collect(nested, parts, "array");
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static void collect(Object a, java.util.List<double[]> parts, String where) {
        if (a instanceof double[] d) {
            parts.add(d);
        } else if (a instanceof Object[] rows) {
            for (int i = 0; i < rows.length; i++) {
                collect(rows[i], parts, where + "[" + i + "]");
            }
        } else {
            throw new IllegalArgumentException(where + " must be a double[] or an array of them, got "
                    + (a == null ? "null" : a.getClass().getSimpleName()));
        }
    }
}
