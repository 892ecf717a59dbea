package dev.carousel.tasks;

import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Tasks 3a, 3b, 3c of Hochreiter &amp; Schmidhuber 1997: the 2-sequence problem, noise and signal on one channel.
 *
 * <p>One real input, one output. Class 1 or class 2 with probability 1/2 ({@link Sequence#label()} 0 or 1). Length
 * uniform over the integers T … T + ⌊T/10⌋. Inputs:
 * <pre>
 *   x_t = +1 (class 1) or −1 (class 2)          for t &lt; N   (3b, 3c: plus 𝒩(0, 0.2) noise)
 *   x_t ~ 𝒩(0, 0.2)  (mean 0, variance 0.2)      for t ≥ N
 * </pre>
 * Target at the last step only:
 * <ul>
 *   <li>3a, 3b: 1.0 (class 1), 0.0 (class 2); criterion ABS(0.2) at the end.</li>
 *   <li>3c (a modification of 3b): noise-free target 0.8 (class 1), 0.2 (class 2), training target plus
 *       𝒩(0, 0.1) noise (s.d. 0.32); {@link Sequence#idealTargets()} hold the noise-free value and the criterion is
 *       "misclassified when |output − noise-free target| &gt; 0.1", i.e. ABS(0.1) against it.</li>
 * </ul>
 */
public final class TwoSequenceProblem implements DelayTask {
    /** Variance of the Gaussian input noise. */
    public static final double INPUT_NOISE_VARIANCE = 0.2;
    /** Variance of the Gaussian target noise of 3c. */
    public static final double TARGET_NOISE_VARIANCE = 0.1;

    /** Which of the three tasks. */
    public enum Variant { A, B, C }

    private final Variant variant;
    private final int length;
    private final int informative;

    /** {@code T} = minimal length, {@code N} = number of informative leading elements (1 ≤ N ≤ T). */
    public TwoSequenceProblem(Variant variant, int T, int N) {
        if (variant == null) {
            throw new IllegalArgumentException("variant must be A, B or C, got null");
        }
        if (T < 2) {
            throw new IllegalArgumentException("T (minimal length) must be >= 2, got " + T);
        }
        if (N < 1 || N >= T) {
            throw new IllegalArgumentException("N (informative elements) must be in [1, T-1] = [1, " + (T - 1)
                    + "], got " + N);
        }
        this.variant = variant;
        this.length = T;
        this.informative = N;
    }

    public Variant variant() {
        return variant;
    }

    /** The noise-free target of class 1 (label 0) or class 2 (label 1). */
    public double cleanTarget(int label) {
        if (variant == Variant.C) {
            return label == 0 ? 0.8 : 0.2;
        }
        return label == 0 ? 1.0 : 0.0;
    }

    @Override
    public String id() {
        return "3" + variant.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String title() {
        switch (variant) {
            case A: return "2-sequence problem";
            case B: return "2-sequence problem, noisy informative elements";
            default: return "2-sequence problem, noisy targets";
        }
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new java.util.LinkedHashMap<>();         // the declared order: T, N
        m.put("T", Integer.toString(length));
        m.put("N", Integer.toString(informative));
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public int inputSize() {
        return 1;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public SuccessCriterion criterion() {
        return new AbsoluteErrorCriterion(variant == Variant.C ? 0.1 : 0.2, ErrorScope.SEQUENCE_END);
    }

    /**
     * Constant 0.5. 3a/3b: MSE 0.25. 3c: the noise-free targets are 0.5 ± 0.3, plus target noise of variance 0.1,
     * so MSE = 0.09 + 0.1 = 0.19.
     */
    @Override
    public Optional<TrivialBaseline> baseline() {
        double loss = variant == Variant.C ? 0.09 + TARGET_NOISE_VARIANCE : 0.25;
        return Optional.of(new ConstantBaseline(new double[] {0.5}, loss,
                "constant 0.5: MSE " + loss + " (classes equally likely)"));
    }

    @Override
    public Sequence next(RandomGenerator rng) {
        int label = rng.nextInt(2);
        int steps = length + rng.nextInt(length / 10 + 1);
        double sd = Math.sqrt(INPUT_NOISE_VARIANCE);
        double[][] inputs = new double[steps][1];
        for (int t = 0; t < steps; t++) {
            if (t < informative) {
                double x = label == 0 ? 1.0 : -1.0;
                inputs[t][0] = variant == Variant.A ? x : x + sd * rng.nextGaussian();
            } else {
                inputs[t][0] = sd * rng.nextGaussian();
            }
        }
        double[][] ideal = new double[steps][1];
        ideal[steps - 1][0] = cleanTarget(label);
        double[][] targets = ideal;
        if (variant == Variant.C) {
            targets = new double[steps][1];
            targets[steps - 1][0] = ideal[steps - 1][0] + Math.sqrt(TARGET_NOISE_VARIANCE) * rng.nextGaussian();
        }
        boolean[] mask = new boolean[steps];
        mask[steps - 1] = true;
        return new Sequence(inputs, targets, mask, ideal, null, label);
    }
}
