package dev.carousel.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Task 1 of Hochreiter &amp; Schmidhuber 1997: next-symbol prediction on the embedded Reber grammar (ERG).
 *
 * <p>A string is {@code B c R c E} with c ∈ {T, P} (probability 1/2 each) and R a full Reber string
 * ({@link ReberGrammar}, B … E). The symbols {@code B T P S X V E} are one-hot coded in that order (7 inputs,
 * 7 outputs). For a string s_0 … s_{L−1} the sequence has T = L−1 steps: input s_t, target s_{t+1}, error at
 * every step. The second-to-last symbol repeats the second one: the long-lag part (at least 9 steps).
 *
 * <p>Training target (the paper leaves it open), parameter {@code target}:
 * <ul>
 *   <li>{@code sampled} (default): the one-hot next symbol that actually follows. With squared error the optimum
 *       output is the probability of each symbol, so both legal successors at a branch sit near 0.5.</li>
 *   <li>{@code legal}: the multi-hot vector of all symbols that may legally follow (1 for each).</li>
 * </ul>
 * Either way {@link Sequence#legalNext()} holds the legal set and the criterion is
 * {@link LegalNextSymbolCriterion}: the legal next symbols must be the most active outputs at every step, for every
 * string of the training and the test set. {@link Sequence#label()} is 0 for a T embedding, 1 for P.
 *
 * <p>The paper trains on a fixed set of 256 strings and tests on 256 others: {@link #trainTestSets}.
 */
public final class EmbeddedReberGrammar implements DelayTask {
    /** Symbols in coding order. */
    public static final String ALPHABET = ReberGrammar.ALPHABET;

    /** The training-target convention. */
    public enum Target { SAMPLED, LEGAL }

    /** The paper's fixed training and test sets. */
    public record TrainTestSets(List<Sequence> training, List<Sequence> test) {
        public TrainTestSets {
            training = List.copyOf(training);
            test = List.copyOf(test);
        }
    }

    private final Target target;

    public EmbeddedReberGrammar(Target target) {
        if (target == null) {
            throw new IllegalArgumentException("target must be SAMPLED or LEGAL, got null");
        }
        this.target = target;
    }

    public Target target() {
        return target;
    }

    @Override
    public String id() {
        return "1";
    }

    @Override
    public String title() {
        return "embedded Reber grammar";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("target", target.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public int inputSize() {
        return ALPHABET.length();
    }

    @Override
    public int outputSize() {
        return ALPHABET.length();
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public SuccessCriterion criterion() {
        return new LegalNextSymbolCriterion();
    }

    @Override
    public Optional<TrivialBaseline> baseline() {
        return Optional.empty();
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        List<Integer> symbols = new ArrayList<>();
        List<boolean[]> legal = new ArrayList<>();
        int n = ALPHABET.length();
        symbols.add(ReberGrammar.B);
        legal.add(only(n, ReberGrammar.B));
        int c = rng.nextBoolean() ? ReberGrammar.T : ReberGrammar.P;
        boolean[] tp = new boolean[n];
        tp[ReberGrammar.T] = true;
        tp[ReberGrammar.P] = true;
        symbols.add(c);
        legal.add(tp);
        ReberGrammar.walk(rng, symbols, legal);
        symbols.add(c);
        legal.add(only(n, c));
        symbols.add(ReberGrammar.E);
        legal.add(only(n, ReberGrammar.E));

        int steps = symbols.size() - 1;
        double[][] inputs = new double[steps][];
        double[][] targets = new double[steps][];
        boolean[][] legalNext = new boolean[steps][];
        boolean[] mask = new boolean[steps];
        for (int t = 0; t < steps; t++) {
            inputs[t] = OneHot.of(n, symbols.get(t));
            legalNext[t] = legal.get(t + 1);
            if (target == Target.SAMPLED) {
                targets[t] = OneHot.of(n, symbols.get(t + 1));
            } else {
                targets[t] = new double[n];
                for (int k = 0; k < n; k++) {
                    targets[t][k] = legalNext[t][k] ? 1.0 : 0.0;
                }
            }
            mask[t] = true;
        }
        return new Sequence(inputs, targets, mask, targets, legalNext, c == ReberGrammar.T ? 0 : 1);
    }

    /**
     * The paper's protocol: {@code trainingSize} training strings and {@code testSize} test strings, all 512 (for
     * 256 + 256) pairwise different, so no test string occurs in the training set. Drawn by rejection in order:
     * training first, then test.
     */
    public TrainTestSets trainTestSets(RandomGenerator rng, int trainingSize, int testSize) {
        if (trainingSize < 1 || testSize < 0) {
            throw new IllegalArgumentException("need trainingSize >= 1 and testSize >= 0, got " + trainingSize
                    + " and " + testSize);
        }
        Set<String> seen = new HashSet<>();
        List<Sequence> training = drawDistinct(rng, trainingSize, seen);
        List<Sequence> test = drawDistinct(rng, testSize, seen);
        return new TrainTestSets(training, test);
    }

    /** The string (e.g. {@code BTBTXSETE}) a sequence of this task encodes: its inputs plus the final symbol E. */
    public static String text(Sequence sequence) {
        StringBuilder sb = new StringBuilder(sequence.length() + 1);
        for (double[] x : sequence.inputs()) {
            sb.append(ALPHABET.charAt(LossKind.argmax(x)));
        }
        sb.append(ALPHABET.charAt(ReberGrammar.E));
        return sb.toString();
    }

    private List<Sequence> drawDistinct(RandomGenerator rng, int count, Set<String> seen) {
        List<Sequence> out = new ArrayList<>(count);
        int attempts = 0;
        while (out.size() < count) {
            if (++attempts > 1000 * count + 100000) {
                throw new IllegalStateException("could not draw " + count + " distinct strings");
            }
            Sequence s = next(rng);
            if (seen.add(text(s))) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean[] only(int n, int k) {
        boolean[] v = new boolean[n];
        v[k] = true;
        return v;
    }
}
