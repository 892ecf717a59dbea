package dev.carousel.tasks.seq2seq;

/**
 * A deterministic train/held-out partition of all possible source sequences by hashing: a source is held out iff
 *
 * <pre>
 *   u(source) = top 53 bits of mix64(salt, length, tokens...) / 2^53  &lt;  fraction
 * </pre>
 *
 * (mix64 = the SplitMix64 finaliser applied after each token). Training data is drawn only from sources that are
 * not held out and test data only from held-out ones, so no test source can ever occur in training, whatever the
 * seeds and set sizes; and the test distribution is the task's distribution restricted to a pseudo-random
 * {@code fraction} of the sources.
 */
public final class HeldOutSplit {
    private final double fraction;
    private final long salt;

    /** @param fraction in (0, 1): the share of all sources that is held out */
    public HeldOutSplit(double fraction, long salt) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + fraction);
        }
        this.fraction = fraction;
        this.salt = salt;
    }

    /** 10% held out, salt 0. */
    public static HeldOutSplit tenPercent() {
        return new HeldOutSplit(0.1, 0L);
    }

    public double fraction() {
        return fraction;
    }

    /** Whether this source belongs to the held-out side. */
    public boolean isHeldOut(int[] source) {
        long h = mix64(salt ^ 0x9E3779B97F4A7C15L * (source.length + 1L));
        for (int token : source) {
            h = mix64(h + 0x9E3779B97F4A7C15L + token);
        }
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
