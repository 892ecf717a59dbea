package dev.carousel.reference.train;

import dev.carousel.reference.ParamSet;

/** Applies one update to every parameter from its accumulated gradient (gradients are not cleared). */
public interface Optimizer {
    void step(ParamSet params);

    /** Sets the learning rate of the following steps (a schedule's rate for the next update); must be &gt; 0. */
    void setLearningRate(double learningRate);
}
