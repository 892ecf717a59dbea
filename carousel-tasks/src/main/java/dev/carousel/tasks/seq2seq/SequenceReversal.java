package dev.carousel.tasks.seq2seq;

import java.util.random.RandomGenerator;

/**
 * Sequence reversal (the attention toy task of OpenSeq2Seq's "reversing sequences"; docs/attention.md):
 *
 * <pre>
 *   L ~ uniform{minLength, ..., maxLength}
 *   x_1 .. x_L ~ uniform over the n symbols, independently
 *   source = x_1 x_2 ... x_L          target = x_L ... x_2 x_1 eos
 * </pre>
 *
 * Symbols are the first n characters of "0123456789abcdefghijklmnopqrstuvwxyz". Issue 5's setting is
 * {@code new SequenceReversal(5, 10, 10)}: V = 13 tokens with pad, bos, eos.
 */
public final class SequenceReversal implements Seq2SeqTask {
    static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final int minLength;
    private final int maxLength;
    private final Vocabulary vocabulary;

    /** Lengths 5 to 10 over 10 symbols. */
    public SequenceReversal() {
        this(5, 10, 10);
    }

    /**
     * @param minLength   the shortest source (at least 1)
     * @param maxLength   the longest source (at least minLength)
     * @param symbolCount n, in [1, 36]
     */
    public SequenceReversal(int minLength, int maxLength, int symbolCount) {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("lengths must satisfy 1 <= minLength <= maxLength, got minLength="
                    + minLength + " maxLength=" + maxLength);
        }
        if (symbolCount < 1 || symbolCount > ALPHABET.length()) {
            throw new IllegalArgumentException("symbolCount must be in [1, " + ALPHABET.length() + "], got "
                    + symbolCount);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.vocabulary = new Vocabulary(ALPHABET.substring(0, symbolCount));
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public Seq2SeqExample sample(RandomGenerator rng) {
        int length = minLength + rng.nextInt(maxLength - minLength + 1);
        String symbols = vocabulary.symbols();
        StringBuilder src = new StringBuilder(length);
        for (int t = 0; t < length; t++) {
            src.append(symbols.charAt(rng.nextInt(symbols.length())));
        }
        String source = src.toString();
        return Seq2SeqExample.of(vocabulary, source, new StringBuilder(source).reverse().toString());
    }

    @Override
    public int maxSourceLength() {
        return maxLength;
    }

    @Override
    public int maxTargetLength() {
        return maxLength;
    }

    public int minLength() {
        return minLength;
    }

    @Override
    public String describe() {
        return "reversal(length " + minLength + "-" + maxLength + ", " + vocabulary.symbols().length() + " symbols)";
    }
}
