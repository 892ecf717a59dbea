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

    /**
     * Overwrites {@code target}'s values (row-major, converted to its data type) with an engine-owned copy, keeping
     * the Java object (and so a {@code Parameter}'s array) and whether it requires gradients. The native tensor is
     * swapped ({@code NDArray.intern}) instead of written with {@code NDArray.set(Buffer)}: on PyTorch that call
     * runs libtorch's deprecated {@code AutoNonVariableTypeMode} guard (DJL 0.35.1, {@code torchSet}), which prints
     * the "AutoNonVariableTypeMode is deprecated" warning, and it leaves the tensor borrowing the Java buffer.
     */
    public static void overwrite(NDArray target, double[] values) {
        if (target.getShape().size() != values.length) {
            throw new IllegalArgumentException("expected " + target.getShape().size() + " values for an array of shape "
                    + target.getShape() + ", got " + values.length);
        }
        boolean grad = target.hasGradient();
        NDArray fresh = create(target.getManager(), values, target.getShape(), target.getDataType());
        target.intern(fresh);
        if (grad) {
            target.setRequiresGradient(true);
        }
    }
}
