package dev.carousel.tasks;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Task 4 of Hochreiter &amp; Schmidhuber 1997: the adding problem, original definition.
 *
 * <p>Inputs: pairs (value ∈ U[−1, 1], marker) laid out as in {@link MarkedPairs} (two pairs marked 1.0, first and
 * last pair −1, length T … T+T/10; a marked first pair has value 0). Target at the last step only:
 * <pre>
 *   d = 0.5 + (X1 + X2) / 4.0   ∈ [0, 1]
 * </pre>
 * Criterion ABS(0.04) at the end. Minimal lag about T/2.
 */
public final class AddingProblem1997 extends MarkedPairTask {
    public AddingProblem1997(int T) {
        super(MarkedPairs.checkT(T), 0.04);
    }

    @Override
    public String id() {
        return "4";
    }

    @Override
    public String title() {
        return "adding problem (1997)";
    }

    /**
     * Constant 0.5: MSE = E[(X1+X2)²]/16. Cases: X1 at the first pair (1/10, X1 = 0): 1/3; X2 at the first pair
     * (q = 9/10 · 1/(T/2−1), X2 = 0): 1/3; otherwise 2/3. So MSE = (1.9 − q)/48, which tends to 0.0396 (= 1/24
     * without the first-pair rule, as quoted in the task notes).
     */
    @Override
    public Optional<TrivialBaseline> baseline() {
        double q = MarkedPairs.probabilitySecondAtStart(T);
        double mse = (1.9 - q) / 48.0;
        return Optional.of(new ConstantBaseline(new double[] {0.5}, mse,
                "constant 0.5: MSE E[(X1+X2)^2]/16 = (1.9 - q)/48 with q = 0.9/(T/2-1) (about 1/24)"));
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        MarkedPairs pairs = MarkedPairs.draw(rng, T);
        double[][] inputs = pairs.inputs(rng, -1.0, 1.0, 0.0);
        int n = pairs.length();
        double[][] targets = new double[n][1];
        targets[n - 1][0] = 0.5 + (inputs[pairs.first()][0] + inputs[pairs.second()][0]) / 4.0;
        boolean[] mask = new boolean[n];
        mask[n - 1] = true;
        return Sequence.of(inputs, targets, mask, -1);
    }
}
