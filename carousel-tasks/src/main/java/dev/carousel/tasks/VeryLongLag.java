package dev.carousel.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Task 2c of Hochreiter &amp; Schmidhuber 1997: very long lags without local regularities, parameters q (time lag − 1)
 * and p (number of distractor symbols).
 *
 * <p>p+4 one-hot inputs: distractors a_1 … a_p (indices 0 … p−1), e = trigger (p), b = begin (p+1), x (p+2),
 * y (p+3). The full string is (b, c, a_{i_1}, …, a_{i_{q+k}}, e, c) with c ∈ {x, y} (probability 1/2):
 * <ol>
 *   <li>prefix b, c, then q distractors uniform over a_1 … a_p;</li>
 *   <li>then repeatedly: with probability 9/10 one more uniform distractor, with probability 1/10 the trigger e,
 *       which ends the input (so k ~ Geometric(1/10) counts the extra distractors, mean 9);</li>
 *   <li>the final element c is the target, presented at the step whose input is e.</li>
 * </ol>
 * The sequence has T = q+3+k steps (the inputs b … e); the paper's string length, which counts the final c, is
 * q+4+k with mean q+13 (the paper prints q+14; see docs/tasks.md, "Decisions"). Two outputs: target (1,0) for x,
 * (0,1) for y, error at the last step only. Minimal lag q+1. Criterion ABS(0.2) at the end.
 * Transcription fixes used: distractor/trigger probabilities 9/10 and 1/10, distractor index range 1 … p.
 */
public final class VeryLongLag implements DelayTask {
    /** Probability of appending the trigger e in the open-ended part. */
    public static final double TRIGGER_PROBABILITY = 0.1;

    private final int q;
    private final int p;

    public VeryLongLag(int q, int p) {
        if (q < 0) {
            throw new IllegalArgumentException("q (minimal lag - 1) must be >= 0, got " + q);
        }
        if (p < 1) {
            throw new IllegalArgumentException("p (number of distractor symbols) must be >= 1, got " + p);
        }
        this.q = q;
        this.p = p;
    }

    public int symbolTrigger() {
        return p;
    }

    public int symbolBegin() {
        return p + 1;
    }

    public int symbolX() {
        return p + 2;
    }

    public int symbolY() {
        return p + 3;
    }

    @Override
    public String id() {
        return "2c";
    }

    @Override
    public String title() {
        return "very long lag, no local regularities";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new java.util.LinkedHashMap<>();         // the declared order: q, p
        m.put("q", Integer.toString(q));
        m.put("p", Integer.toString(p));
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public int inputSize() {
        return p + 4;
    }

    @Override
    public int outputSize() {
        return 2;
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public SuccessCriterion criterion() {
        return new AbsoluteErrorCriterion(0.2, ErrorScope.SEQUENCE_END);
    }

    /** Constant (0.5, 0.5): squared error 0.25 per output whatever the class. */
    @Override
    public Optional<TrivialBaseline> baseline() {
        return Optional.of(new ConstantBaseline(new double[] {0.5, 0.5}, 0.25,
                "constant 0.5 on both outputs: MSE 0.25 (classes equally likely)"));
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        int label = rng.nextInt(2);
        List<Integer> symbols = new ArrayList<>(q + 16);
        symbols.add(symbolBegin());
        symbols.add(label == 0 ? symbolX() : symbolY());
        for (int i = 0; i < q; i++) {
            symbols.add(rng.nextInt(p));
        }
        while (rng.nextDouble() >= TRIGGER_PROBABILITY) {
            symbols.add(rng.nextInt(p));
        }
        symbols.add(symbolTrigger());
        int steps = symbols.size();
        double[][] inputs = new double[steps][];
        double[][] targets = new double[steps][];
        boolean[] mask = new boolean[steps];
        for (int t = 0; t < steps; t++) {
            inputs[t] = OneHot.of(p + 4, symbols.get(t));
            targets[t] = new double[2];
        }
        targets[steps - 1][label] = 1.0;
        mask[steps - 1] = true;
        return Sequence.of(inputs, targets, mask, label);
    }
}
