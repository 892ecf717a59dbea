package dev.carousel.tasks;

import java.util.random.RandomGenerator;

/**
 * The input layout shared by tasks 4 (adding) and 5 (multiplication) of Hochreiter &amp; Schmidhuber 1997.
 *
 * <p>A sequence of pairs (value, marker), length uniform over the integers T … T + ⌊T/10⌋. Exactly two pairs are
 * marked with 1.0: the first ({@code first}, value X1) uniformly among the first ten pairs (indices 0 … 9), the
 * second ({@code second}, value X2) uniformly among the first T/2 − 1 (integer division) pairs that are still
 * unmarked, counted from the start. The first and the last pair carry marker −1 unless marked; all other markers
 * are 0. If a marked pair is the first pair (index 0) its value is replaced by a task-specific constant (0 for
 * adding, 1.0 for multiplication: the paper's "in the rare case where the first pair gets marked we set X1 to …").
 *
 * @param length the number of pairs
 * @param first  index of the pair holding X1, in [0, 9]
 * @param second index of the pair holding X2, in [0, T/2 − 1]
 */
record MarkedPairs(int length, int first, int second) {

    /**
     * The smallest T accepted. From T = 20 on, both marked pairs lie at or before index max(9, T/2 − 1) = T/2 − 1,
     * so the paper's minimal lag of T/2 steps (from the last marked pair to the last pair) holds.
     */
    static final int MIN_T = 20;

    /** Draws a length and the two marked positions for minimal length T. */
    static MarkedPairs draw(RandomGenerator rng, int T) {
        int length = T + rng.nextInt(T / 10 + 1);
        int first = rng.nextInt(10);
        int j = rng.nextInt(T / 2 - 1);
        int second = j < first ? j : j + 1;
        return new MarkedPairs(length, first, second);
    }

    /** Probability that the second marked pair is the first pair of the sequence: 9/10 · 1/(T/2 − 1). */
    static double probabilitySecondAtStart(int T) {
        return 0.9 / (T / 2 - 1);
    }

    /** Returns T, or refuses a T below {@link #MIN_T}. */
    static int checkT(int T) {
        if (T < MIN_T) {
            throw new IllegalArgumentException("T (minimal length) must be >= " + MIN_T
                    + " (so that both marked pairs lie in the first T/2 pairs and the minimal lag is T/2), got " + T);
        }
        return T;
    }

    /**
     * The inputs [length][2]: values uniform in [lo, hi), markers as described; a marked pair at index 0 gets value
     * {@code valueAtStart}.
     */
    double[][] inputs(RandomGenerator rng, double lo, double hi, double valueAtStart) {
        double[][] x = new double[length][2];
        for (int t = 0; t < length; t++) {
            x[t][0] = lo + (hi - lo) * rng.nextDouble();
        }
        x[0][1] = -1.0;
        x[length - 1][1] = -1.0;
        x[first][1] = 1.0;
        x[second][1] = 1.0;
        if (first == 0 || second == 0) {
            x[0][0] = valueAtStart;
        }
        return x;
    }
}
