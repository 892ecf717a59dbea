package dev.carousel.djl.attention;

import ai.djl.ndarray.NDArray;

/**
 * One attention read of a decoder step (equations.md section 4).
 *
 * @param context sum_j alpha_j e_j, [B, E]
 * @param alphas  alpha_j, [B, S]: a softmax over the valid source positions, exactly 0 where the source is masked
 */
public record AttentionRead(NDArray context, NDArray alphas) {
}
