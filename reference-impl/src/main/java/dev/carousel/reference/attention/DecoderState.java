package dev.carousel.reference.attention;

/**
 * The decoder's state between two steps: the encoded source it attends over, s_t ({h} or {h, c}) and, for the
 * Luong decoder, h~_t (input feeding). Immutable: {@link AttentionSeq2Seq#step} returns a new one, so beam search
 * can branch from any state.
 */
public final class DecoderState {
    final EncodedSource source;
    final double[][] s;
    final double[] feed;

    DecoderState(EncodedSource source, double[][] s, double[] feed) {
        this.source = source;
        this.s = s;
        this.feed = feed;
    }

    public EncodedSource source() {
        return source;
    }

    /** h_t [H_dec] (a copy). */
    public double[] hidden() {
        return s[0].clone();
    }

    /** s_t [stateCount][H_dec] (a copy): {h} or {h, c}. */
    public double[][] state() {
        double[][] out = new double[s.length][];
        for (int k = 0; k < s.length; k++) {
            out[k] = s[k].clone();
        }
        return out;
    }

    /** h~_t [H_dec] (a copy) for the Luong decoder, null for Bahdanau. */
    public double[] attentionalHidden() {
        return feed == null ? null : feed.clone();
    }
}
