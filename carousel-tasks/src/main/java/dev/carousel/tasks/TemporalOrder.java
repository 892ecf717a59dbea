package dev.carousel.tasks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Tasks 6a and 6b of Hochreiter &amp; Schmidhuber 1997: temporal order of widely separated symbols.
 *
 * <p>8 one-hot inputs {@code E B a b c d X Y} (indices 0–7). Length uniform over 100 … 110. Times are counted from
 * 1 as in the paper (the element at time τ is {@code inputs[τ−1]}); with this base the paper's minimal lags (40 for
 * 6a, 24 for 6b, Table 10) come out exactly. The sequence starts with E (time 1) and ends with the trigger B (time
 * L). At the relevant times
 * <ul>
 *   <li>6a: t1 ∈ [10, 20], t2 ∈ [50, 60];</li>
 *   <li>6b: t1 ∈ [10, 20], t2 ∈ [33, 43], t3 ∈ [66, 76]</li>
 * </ul>
 * (each uniform) the symbol is X or Y (probability 1/2); all other elements are uniform over {a, b, c, d}. The class
 * reads the X/Y symbols in order as binary digits (X = 0, Y = 1, first most significant): 6a XX→Q, XY→R, YX→S,
 * YY→U; 6b XXX→Q, XXY→R, XYX→S, XYY→U, YXX→V, YXY→A, YYX→B, YYY→C. Target: one-hot class at the last step
 * (4 or 8 outputs, squared error as in the paper). Criterion ABS(0.3) on all outputs at the end.
 */
public final class TemporalOrder implements DelayTask {
    public static final String INPUT_ALPHABET = "EBabcdXY";
    static final int E = 0;
    static final int B = 1;
    static final int FIRST_DISTRACTOR = 2;
    static final int X = 6;
    static final int Y = 7;
    public static final int MIN_LENGTH = 100;
    public static final int MAX_LENGTH = 110;

    private static final int[][] WINDOWS_6A = {{10, 20}, {50, 60}};
    private static final int[][] WINDOWS_6B = {{10, 20}, {33, 43}, {66, 76}};
    private static final List<String> CLASSES_6A = List.of("Q", "R", "S", "U");
    private static final List<String> CLASSES_6B = List.of("Q", "R", "S", "U", "V", "A", "B", "C");

    private final boolean threeSymbols;

    /** {@code threeSymbols} false: task 6a, true: task 6b. */
    public TemporalOrder(boolean threeSymbols) {
        this.threeSymbols = threeSymbols;
    }

    /** The 1-based time windows [from, to] (inclusive) of the relevant symbols. */
    public int[][] windows() {
        int[][] w = threeSymbols ? WINDOWS_6B : WINDOWS_6A;
        int[][] copy = new int[w.length][];
        for (int i = 0; i < w.length; i++) {
            copy[i] = w[i].clone();
        }
        return copy;
    }

    /** The class names in output-unit order. */
    public List<String> classNames() {
        return threeSymbols ? CLASSES_6B : CLASSES_6A;
    }

    @Override
    public String id() {
        return threeSymbols ? "6b" : "6a";
    }

    @Override
    public String title() {
        return threeSymbols ? "temporal order, three relevant symbols" : "temporal order, two relevant symbols";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public int inputSize() {
        return INPUT_ALPHABET.length();
    }

    @Override
    public int outputSize() {
        return classNames().size();
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public SuccessCriterion criterion() {
        return new AbsoluteErrorCriterion(0.3, ErrorScope.SEQUENCE_END);
    }

    /** Constant 1/n on each of the n outputs (classes equally likely): MSE ((1−1/n)² + (n−1)/n²)/n = (n−1)/n². */
    @Override
    public Optional<TrivialBaseline> baseline() {
        int n = outputSize();
        double[] out = new double[n];
        java.util.Arrays.fill(out, 1.0 / n);
        return Optional.of(new ConstantBaseline(out, (n - 1.0) / ((double) n * n),
                "constant 1/" + n + " on every output: MSE (n-1)/n^2"));
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        int length = MIN_LENGTH + rng.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
        int[] symbols = new int[length];
        symbols[0] = E;
        symbols[length - 1] = B;
        for (int i = 1; i < length - 1; i++) {
            symbols[i] = FIRST_DISTRACTOR + rng.nextInt(4);
        }
        int[][] windows = threeSymbols ? WINDOWS_6B : WINDOWS_6A;
        int label = 0;
        for (int[] w : windows) {
            int time = w[0] + rng.nextInt(w[1] - w[0] + 1);
            int bit = rng.nextInt(2);
            symbols[time - 1] = bit == 0 ? X : Y;
            label = 2 * label + bit;
        }
        double[][] inputs = OneHot.rows(INPUT_ALPHABET.length(), symbols);
        double[][] targets = new double[length][outputSize()];
        targets[length - 1][label] = 1.0;
        boolean[] mask = new boolean[length];
        mask[length - 1] = true;
        return Sequence.of(inputs, targets, mask, label);
    }
}
