package dev.carousel.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.carousel.djl.OwnedArrays;

/**
 * Factories for the losses that replace DJL 0.35.1's {@code Loss.l2Loss()}, {@code l1Loss()} and
 * {@code softmaxCrossEntropyLoss()} with the same values and gradients, computed without
 * {@code NDArray.mul(Number)}: on PyTorch that call wraps the number in a tensor borrowing a Java buffer, autograd
 * keeps that tensor for backward, and after a garbage collection backward reads freed memory (wrong gradients).
 */
public final class SafeLosses {
    private SafeLosses() {
    }

    /** As {@code Loss.l2Loss()}: mean(½ (label − prediction)²), name "L2Loss". */
    public static SafeL2Loss l2() {
        return new SafeL2Loss();
    }

    /** As {@code Loss.l2Loss(name, weight)}. */
    public static SafeL2Loss l2(String name, float weight) {
        return new SafeL2Loss(name, weight);
    }

    /** As {@code Loss.l1Loss()}: mean(|label − prediction|), name "L1Loss". */
    public static SafeL1Loss l1() {
        return new SafeL1Loss();
    }

    /** As {@code Loss.l1Loss(name, weight)}. */
    public static SafeL1Loss l1(String name, float weight) {
        return new SafeL1Loss(name, weight);
    }

    /** As {@code Loss.softmaxCrossEntropyLoss()}: sparse labels, class axis −1, logSoftmax applied, weight 1. */
    public static SafeSoftmaxCrossEntropyLoss softmaxCrossEntropy() {
        return new SafeSoftmaxCrossEntropyLoss();
    }

    /** As {@code Loss.softmaxCrossEntropyLoss(name, weight, classAxis, sparseLabel, fromLogit)}. */
    public static SafeSoftmaxCrossEntropyLoss softmaxCrossEntropy(String name, float weight, int classAxis,
                                                                  boolean sparseLabel, boolean fromLogit) {
        return new SafeSoftmaxCrossEntropyLoss(name, weight, classAxis, sparseLabel, fromLogit);
    }

    /** {@code loss · weight} with the weight as an engine-owned scalar array (nothing for weight 1). */
    static NDArray weighted(NDArray loss, float weight) {
        if (weight == 1f) {
            return loss;
        }
        NDArray w = OwnedArrays.create(loss.getManager(), new double[] {weight}, new Shape(), loss.getDataType());
        return loss.mul(w);
    }
}
