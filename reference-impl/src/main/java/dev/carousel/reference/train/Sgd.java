package dev.carousel.reference.train;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;

/** Plain gradient descent, as in the 1997 paper: w -= alpha * dE/dw. */
public final class Sgd implements Optimizer {
    private double learningRate;

    public Sgd(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public void step(ParamSet params) {
        for (Param p : params) {
            for (int k = 0; k < p.size(); k++) {
                p.value[k] -= learningRate * p.grad[k];
            }
        }
    }
}
