package dev.carousel.spec.decoding;

/**
 * A decoded target sequence.
 *
 * @param tokens   the generated tokens, including the end token when it was produced (never the bos token)
 * @param logProb  sum_t log p(tokens[t] | tokens[..t], source)
 * @param score    the length-normalised score logProb / length^alpha, length = tokens.length
 * @param alphas   the attention weights of each generated token [length][S]
 * @param finished whether the sequence ended with the end token (false: it hit the maximum length)
 */
public record Hypothesis(int[] tokens, double logProb, double score, double[][] alphas, boolean finished) {

    /** Length-normalised score: sum log p / length^alpha (alpha = 0: the raw sum; alpha = 1: the mean). */
    public static double normalisedScore(double logProb, int length, double alpha) {
        if (length <= 0) {
            throw new IllegalArgumentException("a hypothesis needs at least one token, got length " + length);
        }
        return logProb / Math.pow(length, alpha);
    }

    public int length() {
        return tokens.length;
    }
}
