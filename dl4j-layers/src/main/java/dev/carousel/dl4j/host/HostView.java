package dev.carousel.dl4j.host;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Host (CPU) access to a contiguous 'c'-ordered ND4J array as doubles, for the CPU fast path: runs of elements are
 * copied between the array's native buffer and Java {@code double[]} scratch in bulk, so the pointwise cell maths
 * can run in plain Java loops without one JNI call per element or per operation. FLOAT and DOUBLE arrays only.
 * Element k of the array (in 'c' order) sits at index {@code offset() + k} of the buffer's NIO view.
 */
public final class HostView {
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final int base;
    private final long length;
    private float[] tmp = new float[0];

    public HostView(INDArray arr) {
        if (!contiguousC(arr)) {
            throw new IllegalArgumentException("host view needs a contiguous 'c' array, got order " + arr.ordering()
                    + " strides " + java.util.Arrays.toString(arr.stride()));
        }
        this.base = Math.toIntExact(arr.offset());
        this.length = arr.length();
        if (arr.dataType() == DataType.FLOAT) {
            floats = arr.data().asNioFloat();
            doubles = null;
        } else if (arr.dataType() == DataType.DOUBLE) {
            doubles = arr.data().asNioDouble();
            floats = null;
        } else {
            throw new IllegalArgumentException("host view supports FLOAT and DOUBLE, got " + arr.dataType());
        }
    }

    /** Whether the elements lie densely in 'c' order (strides of size-1 dimensions do not matter). */
    public static boolean contiguousC(INDArray arr) {
        long[] shape = arr.shape();
        long[] stride = arr.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /**
     * The elements of a vector (any rank, one non-unit dimension) as doubles: straight from the buffer when it is a
     * contiguous FLOAT or DOUBLE array, else through {@code toDoubleVector()} (which copies the array first). For the
     * small per-pass reads of biases and peepholes, which a copy per call made a visible cost of a streaming step.
     */
    public static double[] vector(INDArray v) {
        if (supports(v.dataType()) && contiguousC(v) && v.length() <= Integer.MAX_VALUE) {
            double[] out = new double[(int) v.length()];
            new HostView(v).read(0, out, 0, out.length);
            return out;
        }
        return v.toDoubleVector();
    }

    /** Whether every element is finite (no NaN, no infinity), read straight from the buffer. */
    public boolean allFinite() {
        int end = base + (int) length;
        if (doubles != null) {
            for (int k = base; k < end; k++) {
                if (!Double.isFinite(doubles.get(k))) {
                    return false;
                }
            }
        } else {
            for (int k = base; k < end; k++) {
                if (!Float.isFinite(floats.get(k))) {
                    return false;
                }
            }
        }
        return true;
    }

    public static boolean supports(DataType t) {
        return t == DataType.FLOAT || t == DataType.DOUBLE;
    }

    private float[] tmp(int n) {
        if (tmp.length < n) {
            tmp = new float[n];
        }
        return tmp;
    }

    /** dst[off .. off+n) = elements [start, start+n). */
    public void read(long start, double[] dst, int off, int n) {
        check(start, n);
        int at = base + (int) start;
        if (doubles != null) {
            doubles.get(at, dst, off, n);
        } else {
            float[] t = tmp(n);
            floats.get(at, t, 0, n);
            for (int k = 0; k < n; k++) {
                dst[off + k] = t[k];
            }
        }
    }

    /** elements [start, start+n) = src[off .. off+n). */
    public void write(long start, double[] src, int off, int n) {
        check(start, n);
        int at = base + (int) start;
        if (doubles != null) {
            doubles.put(at, src, off, n);
        } else {
            float[] t = tmp(n);
            for (int k = 0; k < n; k++) {
                t[k] = (float) src[off + k];
            }
            floats.put(at, t, 0, n);
        }
    }

    private void check(long start, int n) {
        if (start < 0 || start + n > length) {
            throw new IndexOutOfBoundsException("elements [" + start + ", " + (start + n) + ") of an array of "
                    + length);
        }
    }
}
