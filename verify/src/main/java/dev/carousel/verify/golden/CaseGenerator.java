package dev.carousel.verify.golden;

import dev.carousel.verify.vectors.ArrayLayout;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.verify.RecurrentImplementation;
import dev.carousel.verify.ReferenceImplementation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Makes a test case with random inputs, parameters and upstream gradients, and the expected outputs and gradients
 * computed by the float64 reference ({@link ReferenceImplementation}). Reproducible: the values come from
 * {@link java.util.Random} (whose sequence the JDK specifies) seeded from the seed and the case's name.
 *
 * <p>Values, all drawn uniformly and independently (so weights are asymmetric, never constant):
 * w_ih, w_hh, b_ih, b_hh, p_* in [-1/sqrt(H), 1/sqrt(H)] (PyTorch's initialisation range); x, dy, dh_n, dc_n in
 * [-1, 1]; h0, c0 in [-0.5, 0.5]. With variable lengths, sequence 0 is T long and the others have random lengths
 * in [1, T - 1] (for T &gt; 1).
 */
public final class CaseGenerator {
    private CaseGenerator() {
    }

    /** The random generator of a case: a function of the seed and the name only. */
    static Random random(long seed, String name) {
        return new Random(seed * 1_000_003L + name.hashCode());
    }

    public static TestCase generate(String name, CaseConfig config, long seed) {
        Random rnd = random(seed, name);
        ArrayLayout layout = new ArrayLayout(config);
        int[] lengths = new int[config.batch()];
        Arrays.fill(lengths, config.time());
        if (config.variableLength() && config.time() > 1) {
            for (int b = 1; b < lengths.length; b++) {
                lengths[b] = 1 + rnd.nextInt(config.time() - 1);
            }
        }
        double k = 1.0 / Math.sqrt(config.hidden());
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (String input : layout.inputs()) {
            arrays.put(input, uniform(rnd, layout.shape(input), input.equals("x") ? 1.0 : 0.5));
        }
        for (String p : layout.parameters()) {
            arrays.put(p, uniform(rnd, layout.shape(p), k));
        }
        for (String out : layout.outputs()) {
            String up = layout.upstreamOf(out);
            arrays.put(up, uniform(rnd, layout.shape(up), 1.0));
        }
        RecurrentImplementation.Result r = ReferenceImplementation.compute(config, lengths, arrays);
        for (String out : layout.outputs()) {
            arrays.put(out, r.output(out));
        }
        for (String d : layout.differentiable()) {
            arrays.put(ArrayLayout.GRAD_PREFIX + d, r.gradients().get(d));
        }
        return new TestCase(name, config, lengths, arrays);
    }

    private static Tensor uniform(Random rnd, int[] shape, double half) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2.0 * rnd.nextDouble() - 1.0) * half;
        }
        return new Tensor(shape, v);
    }
}
