package dev.carousel.djl.attention;

import ai.djl.ndarray.NDArray;

/**
 * The decoder state between two incremental steps of {@link Seq2SeqDecoding}: the decode it belongs to (the encoded
 * source, encoded once), s_t ({h} or {h, c}, each [1, H_dec]) and h~_t for the Luong decoder (null for Bahdanau).
 * Immutable and opaque to the decoders; its arrays live until the next {@link Seq2SeqDecoding#start} or
 * {@link Seq2SeqDecoding#close}.
 */
public final class Seq2SeqDecoderState {
    final long decode;
    final NDArray[] state;
    final NDArray feed;

    Seq2SeqDecoderState(long decode, NDArray[] state, NDArray feed) {
        this.decode = decode;
        this.state = state;
        this.feed = feed;
    }

    /** h_t [H_dec] as doubles. */
    public double[] hidden() {
        return Seq2SeqDecoding.doubles(state[0]);
    }

    /** h~_t [H_dec] as doubles (Luong), or null. */
    public double[] attentionalHidden() {
        return feed == null ? null : Seq2SeqDecoding.doubles(feed);
    }
}
