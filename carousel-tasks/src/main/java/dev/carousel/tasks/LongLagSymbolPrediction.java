package dev.carousel.tasks;

import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Tasks 2a and 2b of Hochreiter &amp; Schmidhuber 1997: next-symbol prediction across a lag of p steps.
 *
 * <p>Alphabet of p+1 one-hot symbols: a_1 … a_{p−1} (indices 0 … p−2), x = a_p (index p−1), y (index p). A string
 * has p+1 symbols, its first and last are the same class symbol c ∈ {x, y} (probability 1/2 each):
 * <ul>
 *   <li>2a (noise-free): (c, a_1, a_2, …, a_{p−1}, c): the whole training set is these two strings.</li>
 *   <li>2b (no local regularities): (c, r_1, …, r_{p−1}, c) with every r_i uniform over a_1 … a_{p−1}, fresh each
 *       time.</li>
 * </ul>
 * The sequence has T = p steps: input s_t, target s_{t+1}, error at every step. Criterion ABS(0.25): 2a over all
 * outputs at every step (every next symbol is determined by the first); 2b at the sequence end only (the middle is
 * unpredictable). {@link Sequence#label()}: 0 = x, 1 = y.
 */
public final class LongLagSymbolPrediction implements DelayTask {
    private final int p;
    private final boolean randomMiddle;

    /** {@code randomMiddle} false: task 2a, true: task 2b. Needs p ≥ 2. */
    public LongLagSymbolPrediction(int p, boolean randomMiddle) {
        if (p < 2) {
            throw new IllegalArgumentException("p (delay) must be >= 2, got " + p);
        }
        this.p = p;
        this.randomMiddle = randomMiddle;
    }

    /** Index of symbol x = a_p. */
    public int symbolX() {
        return p - 1;
    }

    /** Index of symbol y. */
    public int symbolY() {
        return p;
    }

    @Override
    public String id() {
        return randomMiddle ? "2b" : "2a";
    }

    @Override
    public String title() {
        return randomMiddle ? "long lag, random middle (no local regularities)" : "noise-free long lag";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("p", Integer.toString(p));
    }

    @Override
    public int inputSize() {
        return p + 1;
    }

    @Override
    public int outputSize() {
        return p + 1;
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public SuccessCriterion criterion() {
        return new AbsoluteErrorCriterion(0.25, randomMiddle ? ErrorScope.SEQUENCE_END : ErrorScope.EVERY_TARGET_STEP);
    }

    @Override
    public Optional<TrivialBaseline> baseline() {
        return Optional.empty();
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        int label = rng.nextInt(2);
        int c = label == 0 ? symbolX() : symbolY();
        int[] symbols = new int[p + 1];
        symbols[0] = c;
        for (int i = 1; i < p; i++) {
            symbols[i] = randomMiddle ? rng.nextInt(p - 1) : i - 1;
        }
        symbols[p] = c;
        double[][] inputs = new double[p][];
        double[][] targets = new double[p][];
        boolean[] mask = new boolean[p];
        for (int t = 0; t < p; t++) {
            inputs[t] = OneHot.of(p + 1, symbols[t]);
            targets[t] = OneHot.of(p + 1, symbols[t + 1]);
            mask[t] = true;
        }
        return Sequence.of(inputs, targets, mask, label);
    }
}
