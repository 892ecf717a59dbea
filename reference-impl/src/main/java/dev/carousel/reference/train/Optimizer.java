package dev.carousel.reference.train;

import dev.carousel.reference.ParamSet;

/** Applies one update to every parameter from its accumulated gradient (gradients are not cleared). */
public interface Optimizer {
    void step(ParamSet params);
}
