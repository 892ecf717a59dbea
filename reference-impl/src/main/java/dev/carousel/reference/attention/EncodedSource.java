package dev.carousel.reference.attention;

/**
 * One source sequence after the encoder has run ONCE: its encoder outputs with the attention keys precomputed, and
 * e_last for the initial-state bridge. Every decoder step of greedy decoding or beam search reads it; nothing
 * re-runs the encoder.
 */
public final class EncodedSource {
    final SourceKeys keys;
    final double[] eLast;

    EncodedSource(SourceKeys keys, double[] eLast) {
        this.keys = keys;
        this.eLast = eLast;
    }

    /** S. */
    public int length() {
        return keys.length();
    }

    /** The source keys (encoder outputs e_j, mask, k_j). */
    public SourceKeys keys() {
        return keys;
    }

    /** e_j [S][E] (a copy). */
    public double[][] encoderOutputs() {
        return keys.encoderOutputs();
    }

    /** e_last [E] (a copy): the encoder's final h, both directions concatenated when bidirectional. */
    public double[] finalState() {
        return eLast.clone();
    }
}
