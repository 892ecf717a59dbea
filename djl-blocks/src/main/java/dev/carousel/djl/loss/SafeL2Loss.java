package dev.carousel.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Drop-in replacement for DJL 0.35.1's {@code L2Loss} ({@code Loss.l2Loss()}): the same value,
 * mean(weight · (label − prediction)²) with weight 1/2 by default, the label reshaped to the prediction's shape,
 * the same default name "L2Loss". It multiplies by the weight as an engine-owned array instead of
 * {@code NDArray.mul(Number)}, whose scalar autograd reads from freed Java memory after a garbage collection on
 * PyTorch (see docs/djl-blocks.md, "Training: use Carousel's losses").
 */
public class SafeL2Loss extends Loss {
    private final float weight;

    /** Name "L2Loss", weight 1/2, as {@code Loss.l2Loss()}. */
    public SafeL2Loss() {
        this("L2Loss");
    }

    public SafeL2Loss(String name) {
        this(name, 0.5f);
    }

    public SafeL2Loss(String name, float weight) {
        super(name);
        this.weight = weight;
    }

    public float getWeight() {
        return weight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow().reshape(pred.getShape());
        return SafeLosses.weighted(label.sub(pred).square(), weight).mean();
    }
}
