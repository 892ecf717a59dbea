package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * mean((prediction - label)^2), built only from operations whose backward reads no Java-side scalar. DJL 0.35.1's
 * {@code L2Loss} multiplies by a number ({@code mul(Number)}), which on PyTorch can leave autograd reading freed
 * memory after a garbage collection (see {@link GarbageCollectionTest}).
 */
final class MeanSquaredError extends Loss {
    MeanSquaredError() {
        super("MSE");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return predictions.singletonOrThrow().sub(labels.singletonOrThrow()).square().mean();
    }
}
