package dev.carousel.tasks.seq2seq;

import java.util.random.RandomGenerator;

/**
 * Addition of digit strings (Keras' addition_rnn example; docs/attention.md), as a seq2seq task:
 *
 * <pre>
 *   a = the integer of n_a digits drawn uniformly from 0-9,  n_a ~ uniform{1, ..., maxDigitsA}
 *   b = likewise with n_b ~ uniform{1, ..., maxDigitsB}       (leading zeros collapse: "007" is 7, as in Keras)
 *   source = "a+b"  (reversed character by character when reverseSource, Keras' INVERT option)
 *   target = decimal(a + b) eos                                ("123+45" -> "168")
 * </pre>
 *
 * Vocabulary "0123456789+" (V = 14 with pad, bos, eos). The source is not padded with spaces (batches pad with the
 * pad token and mask), so its length varies; the longest answer has max(maxDigitsA, maxDigitsB) + 1 digits, which
 * is the width of Keras' per-character accuracy (4 for 3-digit operands).
 */
public final class DigitAddition implements Seq2SeqTask {
    private final int maxDigitsA;
    private final int maxDigitsB;
    private final boolean reverseSource;
    private final Vocabulary vocabulary = new Vocabulary("0123456789+");

    /** Up to 3 digits per operand, source not reversed. */
    public DigitAddition() {
        this(3, 3, false);
    }

    /**
     * @param maxDigitsA    the most digits of the first operand, in [1, 18]
     * @param maxDigitsB    the most digits of the second operand, in [1, 18]
     * @param reverseSource whether the source string is reversed (Keras' INVERT = True)
     */
    public DigitAddition(int maxDigitsA, int maxDigitsB, boolean reverseSource) {
        if (maxDigitsA < 1 || maxDigitsA > 18 || maxDigitsB < 1 || maxDigitsB > 18) {
            throw new IllegalArgumentException("operand digit counts must be in [1, 18], got " + maxDigitsA + " and "
                    + maxDigitsB);
        }
        this.maxDigitsA = maxDigitsA;
        this.maxDigitsB = maxDigitsB;
        this.reverseSource = reverseSource;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public Seq2SeqExample sample(RandomGenerator rng) {
        long a = operand(rng, maxDigitsA);
        long b = operand(rng, maxDigitsB);
        String query = a + "+" + b;
        String source = reverseSource ? new StringBuilder(query).reverse().toString() : query;
        return Seq2SeqExample.of(vocabulary, source, Long.toString(a + b));
    }

    private static long operand(RandomGenerator rng, int maxDigits) {
        int n = 1 + rng.nextInt(maxDigits);
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = value * 10 + rng.nextInt(10);
        }
        return value;
    }

    @Override
    public int maxSourceLength() {
        return maxDigitsA + 1 + maxDigitsB;
    }

    @Override
    public int maxTargetLength() {
        return Math.max(maxDigitsA, maxDigitsB) + 1;
    }

    public boolean reverseSource() {
        return reverseSource;
    }

    @Override
    public String describe() {
        return "addition(" + maxDigitsA + "+" + maxDigitsB + " digits" + (reverseSource ? ", reversed source" : "")
                + ")";
    }
}
