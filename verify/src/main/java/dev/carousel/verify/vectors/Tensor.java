package dev.carousel.verify.vectors;

import dev.carousel.spec.RelativeError;
import java.util.Arrays;

/**
 * A dense float64 array of any rank: a shape and its values, flat and row-major (C order, NumPy's default). This is
 * how test vectors hold their arrays ({@code x} [B, T, I], {@code w_ih} [G*H, I], ...) and how implementations hand
 * their results back.
 */
public final class Tensor {
    private final int[] shape;
    private final double[] data;

    /**
     * @param shape the dimensions (each &ge; 0)
     * @param data  the values, row-major; not copied
     */
    public Tensor(int[] shape, double[] data) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " holds " + n + " values, got "
                    + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    /** A [d0, d1, d2] tensor from a rectangular Java array. */
    public static Tensor of(double[][][] a) {
        int d0 = a.length;
        int d1 = d0 == 0 ? 0 : a[0].length;
        int d2 = d1 == 0 ? 0 : a[0][0].length;
        double[] flat = new double[d0 * d1 * d2];
        int k = 0;
        for (int i = 0; i < d0; i++) {
            if (a[i].length != d1) {
                throw new IllegalArgumentException("ragged array: row " + i + " has " + a[i].length + ", expected " + d1);
            }
            for (int j = 0; j < d1; j++) {
                if (a[i][j].length != d2) {
                    throw new IllegalArgumentException("ragged array at [" + i + "][" + j + "]: " + a[i][j].length
                            + " values, expected " + d2);
                }
                System.arraycopy(a[i][j], 0, flat, k, d2);
                k += d2;
            }
        }
        return new Tensor(new int[] {d0, d1, d2}, flat);
    }

    /** A [d0, d1] tensor from a rectangular Java array. */
    public static Tensor of(double[][] a) {
        int d0 = a.length;
        int d1 = d0 == 0 ? 0 : a[0].length;
        double[] flat = new double[d0 * d1];
        for (int i = 0; i < d0; i++) {
            if (a[i].length != d1) {
                throw new IllegalArgumentException("ragged array: row " + i + " has " + a[i].length + ", expected " + d1);
            }
            System.arraycopy(a[i], 0, flat, i * d1, d1);
        }
        return new Tensor(new int[] {d0, d1}, flat);
    }

    /** A vector. */
    public static Tensor of(double[] a) {
        return new Tensor(new int[] {a.length}, a.clone());
    }

    /** A tensor from float32 values (widened exactly to float64), e.g. what a float32 engine returned. */
    public static Tensor ofFloats(int[] shape, float[] values) {
        double[] d = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            d[k] = values[k];
        }
        return new Tensor(shape, d);
    }

    /** The values rounded to float32, row-major (a new array), e.g. to feed a float32 engine. */
    public float[] toFloatArray() {
        float[] f = new float[data.length];
        for (int k = 0; k < data.length; k++) {
            f[k] = (float) data[k];
        }
        return f;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of values. */
    public int size() {
        return data.length;
    }

    /** The flat row-major values (the array itself, not a copy). */
    public double[] data() {
        return data;
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** This tensor as [d0][d1][d2]; it must have rank 3. */
    public double[][][] toArray3() {
        requireRank(3);
        double[][][] a = new double[shape[0]][shape[1]][shape[2]];
        int k = 0;
        for (double[][] plane : a) {
            for (double[] row : plane) {
                System.arraycopy(data, k, row, 0, row.length);
                k += row.length;
            }
        }
        return a;
    }

    /** This tensor as [d0][d1]; it must have rank 2. */
    public double[][] toArray2() {
        requireRank(2);
        double[][] a = new double[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(data, i * shape[1], a[i], 0, shape[1]);
        }
        return a;
    }

    /** The multi-index of flat position {@code flat}, e.g. "[1, 4, 0]" (for messages). */
    public String indexOf(int flat) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        return Arrays.toString(idx);
    }

    /** The shape as NumPy prints it, e.g. "(2, 5, 3)". */
    /**
     * The relative error of this (actual) array against {@code expected} ({@link dev.carousel.spec.RelativeError}).
     *
     * @throws IllegalArgumentException when the shapes differ (the message gives both)
     */
    public double relativeErrorTo(Tensor expected) {
        if (!java.util.Arrays.equals(shape, expected.shape)) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + ", expected "
                    + shapeString(expected.shape));
        }
        return dev.carousel.spec.RelativeError.of(data, expected.data);
    }

    public static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            if (d > 0) {
                sb.append(", ");
            }
            sb.append(shape[d]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    private void requireRank(int r) {
        if (shape.length != r) {
            throw new IllegalStateException("expected a rank-" + r + " tensor, this one has shape "
                    + shapeString(shape));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString(shape);
    }
}
