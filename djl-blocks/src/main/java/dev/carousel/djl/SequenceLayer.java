package dev.carousel.djl;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A recurrent layer that {@link Bidirectional} and {@link RecurrentStack} can drive: it always hands back its final
 * states, whatever its own {@code returnState} flag says.
 */
public interface SequenceLayer extends Block {

    /** Number of state arrays: 2 (h, c) or 1 (h). */
    int stateCount();

    /** Number of directions: 1, or 2 for a bidirectional layer. */
    int directions();

    /** H per direction. */
    long getStateSize();

    /** The layout of x: [B, T, I] (true) or [T, B, I]. */
    boolean isBatchFirst();

    /**
     * Runs the layer on {@code [x(, lengths)(, states...)]}.
     *
     * @return y (H·directions features), then the final states: [B, H] for one direction, [2, B, H] for two
     */
    NDList runSequence(ParameterStore ps, NDList inputs, boolean training);
}
