package dev.carousel.tasks;

import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The copying-memory task (Arjovsky, Shah &amp; Bengio 2016, {@code memory_problem.py}).
 *
 * <p>Symbols: 0 = blank, 1–8 = data, 9 = delimiter. T+20 steps:
 * <pre>
 *   input : s_1 … s_10 (uniform over 1–8), T−1 blanks, delimiter, 10 blanks     (one-hot, 10 inputs)
 *   target: T+10 blanks, then s_1 … s_10                                       (one-hot, 9 classes)
 * </pre>
 * Cross-entropy at every step. Memoryless baseline 10 ln 8 / (T+20) ({@link CopyMemorylessBaseline}). Criterion:
 * the argmax output is the target symbol at every step.
 */
public final class CopyMemory implements DelayTask {
    /** Number of symbols to copy. */
    public static final int DATA_LENGTH = 10;
    /** Number of distinct data symbols. */
    public static final int DATA_SYMBOLS = 8;
    public static final int BLANK = 0;
    public static final int DELIMITER = 9;
    public static final int INPUT_SYMBOLS = 10;
    public static final int OUTPUT_CLASSES = 9;

    private final int T;

    public CopyMemory(int T) {
        if (T < 1) {
            throw new IllegalArgumentException("T (delay) must be >= 1, got " + T);
        }
        this.T = T;
    }

    @Override
    public String id() {
        return "copy";
    }

    @Override
    public String title() {
        return "copying memory (Arjovsky et al. 2016)";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("T", Integer.toString(T));
    }

    @Override
    public int inputSize() {
        return INPUT_SYMBOLS;
    }

    @Override
    public int outputSize() {
        return OUTPUT_CLASSES;
    }

    @Override
    public LossKind loss() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public SuccessCriterion criterion() {
        return new ArgmaxCriterion(ErrorScope.EVERY_TARGET_STEP);
    }

    @Override
    public Optional<TrivialBaseline> baseline() {
        return Optional.of(new CopyMemorylessBaseline(T));
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        int steps = T + 2 * DATA_LENGTH;
        int[] in = new int[steps];
        int[] out = new int[steps];
        for (int i = 0; i < DATA_LENGTH; i++) {
            int s = 1 + rng.nextInt(DATA_SYMBOLS);
            in[i] = s;
            out[T + DATA_LENGTH + i] = s;
        }
        in[T + DATA_LENGTH - 1] = DELIMITER;
        boolean[] mask = new boolean[steps];
        java.util.Arrays.fill(mask, true);
        return Sequence.of(OneHot.rows(INPUT_SYMBOLS, in), OneHot.rows(OUTPUT_CLASSES, out), mask, -1);
    }
}
