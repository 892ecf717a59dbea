package dev.carousel.djl.attention;

import ai.djl.ndarray.NDArray;

/**
 * What one attention-decoder step produced.
 *
 * @param out    out_t, the softmax layer's input: [h(s_t) ; a_t] (Bahdanau) or h~_t (Luong), [B, O]
 * @param state  s_t: {h, c} (LSTM) or {h} (GRU), each [B, H_dec]
 * @param feed   h~_t to feed into the next step (Luong), or null (Bahdanau)
 * @param alphas this step's attention weights [B, S], 0 at masked source positions
 */
public record DecoderStepOutput(NDArray out, NDArray[] state, NDArray feed, NDArray alphas) {
}
