package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carousel.testing.Comparisons;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;

/**
 * DJL-test fixtures on top of {@link RandomArrays} and {@link Comparisons}: seeded asymmetric weight maps in the
 * interchange naming, and the comparison of every output, state and gradient of two runs (relative error
 * max|a - e| / max(max|e|, 1e-12)).
 */
final class RunFixtures {
    private RunFixtures() {
    }

    /** Compares every output, state and gradient of two runs. */
    static double assertSameRun(String what, RecurrentRunResult a, RecurrentRunResult e, double tol) {
        double worst = 0;
        worst = Math.max(worst, Comparisons.assertRelativeErrorFlat(a.y(), e.y(), tol, what + " y"));
        worst = Math.max(worst, Comparisons.assertRelativeErrorFlat(a.hN(), e.hN(), tol, what + " h_n"));
        worst = Math.max(worst, Comparisons.assertRelativeErrorFlat(a.dx(), e.dx(), tol, what + " dx"));
        worst = Math.max(worst, Comparisons.assertRelativeErrorFlat(a.dh0(), e.dh0(), tol, what + " dh0"));
        if (e.cN() != null) {
            worst = Math.max(worst, Comparisons.assertRelativeErrorFlat(a.cN(), e.cN(), tol, what + " c_n"));
            worst = Math.max(worst, Comparisons.assertRelativeErrorFlat(a.dc0(), e.dc0(), tol, what + " dc0"));
        }
        assertEquals(e.paramGrads().keySet(), a.paramGrads().keySet(), what + " parameter names");
        for (Map.Entry<String, double[]> g : e.paramGrads().entrySet()) {
            worst = Math.max(worst, Comparisons.assertRelativeError(a.paramGrads().get(g.getKey()), g.getValue(), tol,
                    what + " d" + g.getKey()));
        }
        return worst;
    }

    static Map<String, double[]> lstmWeights(Random r, int nIn, int nH, boolean peepholes) {
        Map<String, double[]> w = new java.util.LinkedHashMap<>();
        w.put("w_ih", RandomArrays.uniform(r, 4 * nH * nIn, 0.6));
        w.put("w_hh", RandomArrays.uniform(r, 4 * nH * nH, 0.6));
        w.put("b_ih", RandomArrays.uniform(r, 4 * nH, 0.3));
        w.put("b_hh", RandomArrays.uniform(r, 4 * nH, 0.3));
        if (peepholes) {
            w.put("p_i", RandomArrays.uniform(r, nH, 0.5));
            w.put("p_f", RandomArrays.uniform(r, nH, 0.5));
            w.put("p_o", RandomArrays.uniform(r, nH, 0.5));
        }
        return w;
    }

    static Map<String, double[]> gruWeights(Random r, int nIn, int nH) {
        Map<String, double[]> w = new java.util.LinkedHashMap<>();
        w.put("w_ih", RandomArrays.uniform(r, 3 * nH * nIn, 0.6));
        w.put("w_hh", RandomArrays.uniform(r, 3 * nH * nH, 0.6));
        w.put("b_ih", RandomArrays.uniform(r, 3 * nH, 0.3));
        w.put("b_hh", RandomArrays.uniform(r, 3 * nH, 0.3));
        return w;
    }
}
