package dev.carousel.djl.attention;

import ai.djl.ndarray.NDArray;

/**
 * A batch of source sequences prepared for attention by {@link AttentionBlock#prepare}: the encoder outputs, the
 * keys computed ONCE per source sequence, the mask as an additive score bias, and the parameter views the per-step
 * scores need. Every decoder step reads it; nothing here is recomputed per step.
 *
 * <pre>
 *   additive:  keys = e W_k^T                  [B, S, A]
 *   general:   keys = (e W_a^T)^T per sequence [B, D, S]
 *   dot:       keys = e^T per sequence         [B, E, S]
 *   scoreBias  = 0 at valid positions, -inf at masked ones   [B, S]
 * </pre>
 */
public final class AttentionKeys {
    final NDArray encoderOutputs;
    final NDArray keys;
    final NDArray scoreBias;
    final NDArray queryWeight;
    final NDArray queryBias;
    final NDArray vColumn;
    final int[] validCounts;
    final int batch;
    final int sourceLength;

    AttentionKeys(NDArray encoderOutputs, NDArray keys, NDArray scoreBias, NDArray queryWeight, NDArray queryBias,
                  NDArray vColumn, int[] validCounts) {
        this.encoderOutputs = encoderOutputs;
        this.keys = keys;
        this.scoreBias = scoreBias;
        this.queryWeight = queryWeight;
        this.queryBias = queryBias;
        this.vColumn = vColumn;
        this.validCounts = validCounts;
        this.batch = (int) encoderOutputs.getShape().get(0);
        this.sourceLength = (int) encoderOutputs.getShape().get(1);
    }

    /** e, [B, S, E] (the array given to prepare). */
    public NDArray encoderOutputs() {
        return encoderOutputs;
    }

    /** The precomputed keys (layout in the class comment). */
    public NDArray keys() {
        return keys;
    }

    /** B. */
    public int batchSize() {
        return batch;
    }

    /** S. */
    public int sourceLength() {
        return sourceLength;
    }

    /** The number of valid source positions of sequence b. */
    public int validCount(int b) {
        return validCounts[b];
    }
}
