package dev.carousel.onnx;

import java.util.Arrays;

/**
 * A dense tensor read from or written to ONNX as float64 values: its shape and its values flat in row-major
 * order. {@code sourceType} is the ONNX element type it was stored as (1 = float, 6 = int32, 7 = int64,
 * 11 = double), 0 when it was not read from a file.
 */
public record OnnxArray(String name, int[] shape, double[] data, int sourceType) {

    public OnnxArray {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in "
                        + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + n + " values, got " + data.length);
        }
    }

    /** The number of values. */
    public int size() {
        return data.length;
    }

    /** Dimension {@code k}. */
    public int dim(int k) {
        return shape[k];
    }

    /** The values as ints (sequence lengths); each must be a whole number. */
    public int[] toIntArray() {
        int[] out = new int[data.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (int) data[k];
            if (out[k] != data[k]) {
                throw new IllegalArgumentException("tensor '" + name + "': value " + data[k] + " at " + k
                        + " is not an int");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "OnnxArray[" + name + " " + Arrays.toString(shape) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxArray a && a.name.equals(name) && Arrays.equals(a.shape, shape)
                && Arrays.equals(a.data, data) && a.sourceType == sourceType;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }
}
