package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Initialises a fused gate bias [G·H] to zeros except one gate block, set to a constant: the forget-gate bias of
 * 1.0 that equations.md section 1 gives as the default (Gers, Schmidhuber &amp; Cummins 2000), so a fresh LSTM
 * remembers by default.
 */
final class ForgetGateBiasInitializer implements Initializer {
    private final int block;
    private final long hidden;
    private final double value;

    /**
     * @param block  index of the gate block among the G present ones
     * @param hidden H
     * @param value  the constant for that block
     */
    ForgetGateBiasInitializer(int block, long hidden, double value) {
        this.block = block;
        this.hidden = hidden;
        this.value = value;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        double[] v = new double[(int) shape.size()];
        for (long k = block * hidden; k < (block + 1) * hidden && k < v.length; k++) {
            v[(int) k] = value;
        }
        return OwnedArrays.create(manager, v, shape, dataType);
    }
}
