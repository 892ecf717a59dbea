package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java values whose memory the engine owns.
 *
 * <p>On PyTorch, {@code NDManager.create(double[]...)} wraps a Java direct buffer without copying
 * ({@code torch::from_blob}); only that one Java array object keeps the buffer alive, and a cast to the same type
 * ({@code toType(t, true)}) returns another wrapper of the same memory. Tensors that autograd saves for the backward
 * pass can outlive the wrapper, and a garbage collection would then free memory that backward reads. So the values
 * are cloned ({@code duplicate}) or cast into engine-owned memory and the borrowing wrapper is closed at once.
 */
public final class OwnedArrays {
    private OwnedArrays() {
    }

    /** values (row-major) as an engine-owned array of {@code shape} and {@code dataType}. */
    public static NDArray create(NDManager manager, double[] values, Shape shape, DataType dataType) {
        try (NDArray borrowed = manager.create(values, shape)) {
            return dataType == DataType.FLOAT64 ? borrowed.duplicate() : borrowed.toType(dataType, false);
        }
    }
}
