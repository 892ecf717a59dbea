package dev.carousel.dl4j.params;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Slices a layer's flattened parameter (or gradient) view into named views, in order: each call takes the next
 * {@code rows*cols} elements as an 'f'-ordered [rows, cols] matrix, or the next n as a rank-1 vector. Every slice
 * is a view of the flattened array, as DL4J's updaters and serialisation require.
 */
final class PackedParams {
    private final INDArray flat;
    private long next;

    PackedParams(INDArray view) {
        this.flat = view.reshape(view.length());
    }

    INDArray matrix(long rows, long cols) {
        INDArray v = flat.get(interval(next, next + rows * cols)).reshape('f', rows, cols);
        next += rows * cols;
        return v;
    }

    INDArray vector(long n) {
        INDArray v = flat.get(interval(next, next + n));
        next += n;
        return v;
    }

    long used() {
        return next;
    }
}
