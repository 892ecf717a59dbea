package dev.carousel.tasks;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The modern adding problem (Arjovsky, Shah &amp; Bengio 2016, {@code adding_problem.py}; close to Le, Jaitly &amp;
 * Hinton 2015). Fixed length T, inputs (value, marker):
 * <pre>
 *   value_t ~ U[0, 1]
 *   marker_t = 1 at one index uniform in [0, ⌊T/2⌋) and one uniform in [⌊T/2⌋, T), 0 elsewhere
 *   d = value_{m1} + value_{m2}      (unscaled sum, at the last step only)
 * </pre>
 * Loss MSE; baseline: constant 1 gives Var(U1 + U2) = 1/6. The source judges models by test MSE against that
 * baseline and has no per-sequence criterion; this library uses ABS(0.16) at the end, the 1997 ABS(0.04) carried
 * over through the 1997 target scaling (d/4).
 */
public final class AddingProblemModern extends MarkedPairTask {
    public AddingProblemModern(int T) {
        super(checkT(T), 0.16);
    }

    private static int checkT(int T) {
        if (T < 2) {
            throw new IllegalArgumentException("T (sequence length) must be >= 2, got " + T);
        }
        return T;
    }

    @Override
    public String id() {
        return "adding";
    }

    @Override
    public String title() {
        return "adding problem (Arjovsky et al. 2016)";
    }

    @Override
    public Optional<TrivialBaseline> baseline() {
        return Optional.of(new ConstantBaseline(new double[] {1.0}, 1.0 / 6.0,
                "constant 1: MSE Var(U1+U2) = 1/6"));
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        double[][] inputs = new double[T][2];
        for (int t = 0; t < T; t++) {
            inputs[t][0] = rng.nextDouble();
        }
        int half = T / 2;
        int m1 = rng.nextInt(half);
        int m2 = half + rng.nextInt(T - half);
        inputs[m1][1] = 1.0;
        inputs[m2][1] = 1.0;
        double[][] targets = new double[T][1];
        targets[T - 1][0] = inputs[m1][0] + inputs[m2][0];
        boolean[] mask = new boolean[T];
        mask[T - 1] = true;
        return Sequence.of(inputs, targets, mask, -1);
    }
}
