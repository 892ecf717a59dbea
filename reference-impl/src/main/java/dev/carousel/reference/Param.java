package dev.carousel.reference;

import java.util.Arrays;

/**
 * One named parameter tensor: its values and the gradient accumulated into it, both flat and row-major.
 * A matrix W of shape [rows, cols] has W[r][c] at {@code value[r * cols + c]}.
 */
public final class Param {
    private final String name;
    private final int[] shape;
    public final double[] value;
    public final double[] grad;

    public Param(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        int n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter " + name + ": shape must be positive, got "
                        + Arrays.toString(shape));
            }
            n *= d;
        }
        this.value = new double[n];
        this.grad = new double[n];
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return value.length;
    }

    /** Rows of a matrix (the first dimension). */
    public int rows() {
        return shape[0];
    }

    /** Columns of a matrix (the last dimension; 1 for a vector). */
    public int cols() {
        return shape.length == 1 ? 1 : shape[shape.length - 1];
    }

    /** Copies {@code values} in, checking the element count. */
    public void set(double[] values) {
        if (values.length != value.length) {
            throw new IllegalArgumentException("parameter " + name + " " + Arrays.toString(shape) + ": expected "
                    + value.length + " values, got " + values.length);
        }
        System.arraycopy(values, 0, value, 0, values.length);
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0.0);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
