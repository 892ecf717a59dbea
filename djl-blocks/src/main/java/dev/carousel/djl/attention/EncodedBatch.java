package dev.carousel.djl.attention;

import ai.djl.ndarray.NDArray;

/**
 * A batch of source sequences after the encoder has run ONCE: the attention keys over its outputs and e_last for the
 * initial-state bridge.
 *
 * @param keys       the encoder outputs e [B, S, E] (0 at padded positions) with the keys precomputed
 * @param finalState e_last [B, E]: the encoder's final h, [fwd ; bwd] when bidirectional (after step L_b)
 */
public record EncodedBatch(AttentionKeys keys, NDArray finalState) {
}
