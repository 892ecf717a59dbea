package dev.carousel.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Drop-in replacement for DJL 0.35.1's {@code L1Loss} ({@code Loss.l1Loss()}): mean(weight · |label − prediction|),
 * weight 1 by default, name "L1Loss". A weight other than 1 is applied as an engine-owned array, not with
 * {@code NDArray.mul(Number)} (see {@link SafeL2Loss}).
 */
public class SafeL1Loss extends Loss {
    private final float weight;

    /** Name "L1Loss", weight 1, as {@code Loss.l1Loss()}. */
    public SafeL1Loss() {
        this("L1Loss");
    }

    public SafeL1Loss(String name) {
        this(name, 1f);
    }

    public SafeL1Loss(String name, float weight) {
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
        return SafeLosses.weighted(label.sub(pred).abs(), weight).mean();
    }
}
