package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** Random test data and the relative-error comparison: max|a - e| / max(max|e|, 1e-12). */
final class Numerics {
    private Numerics() {
    }

    static double[] flat(Object a) {
        if (a instanceof double[] d) {
            return d;
        }
        Object[] rows = (Object[]) a;
        return Arrays.stream(rows).map(Numerics::flat).flatMapToDouble(Arrays::stream).toArray();
    }

    static double relativeError(double[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, "element count");
        double maxDiff = 0;
        double maxRef = 0;
        for (int k = 0; k < expected.length; k++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[k] - expected[k]));
            maxRef = Math.max(maxRef, Math.abs(expected[k]));
        }
        return maxDiff / Math.max(maxRef, 1e-12);
    }

    static void assertClose(String what, Object actual, Object expected, double tol) {
        assertNotNull(actual, what + ": actual is null");
        double err = relativeError(flat(actual), flat(expected));
        assertTrue(err <= tol, what + ": relative error " + err + " > " + tol);
    }

    /** Compares every output, state and gradient of two runs. */
    static double assertSameRun(String what, RecurrentRunResult a, RecurrentRunResult e, double tol) {
        double worst = 0;
        worst = Math.max(worst, check(what + " y", a.y(), e.y(), tol));
        worst = Math.max(worst, check(what + " h_n", a.hN(), e.hN(), tol));
        worst = Math.max(worst, check(what + " dx", a.dx(), e.dx(), tol));
        worst = Math.max(worst, check(what + " dh0", a.dh0(), e.dh0(), tol));
        if (e.cN() != null) {
            worst = Math.max(worst, check(what + " c_n", a.cN(), e.cN(), tol));
            worst = Math.max(worst, check(what + " dc0", a.dc0(), e.dc0(), tol));
        }
        assertEquals(e.paramGrads().keySet(), a.paramGrads().keySet(), what + " parameter names");
        for (Map.Entry<String, double[]> g : e.paramGrads().entrySet()) {
            worst = Math.max(worst, check(what + " d" + g.getKey(), a.paramGrads().get(g.getKey()), g.getValue(),
                    tol));
        }
        return worst;
    }

    private static double check(String what, Object a, Object e, double tol) {
        assertNotNull(a, what + ": actual is null");
        double err = relativeError(flat(a), flat(e));
        assertTrue(err <= tol, what + ": relative error " + err + " > " + tol);
        return err;
    }

    static double[] uniform(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = (2 * r.nextDouble() - 1) * scale;
        }
        return v;
    }

    static double[][] matrix(Random r, int rows, int cols, double scale) {
        double[][] m = new double[rows][];
        for (int k = 0; k < rows; k++) {
            m[k] = uniform(r, cols, scale);
        }
        return m;
    }

    static double[][][] sequence(Random r, int batch, int time, int width, double scale) {
        double[][][] s = new double[batch][][];
        for (int b = 0; b < batch; b++) {
            s[b] = matrix(r, time, width, scale);
        }
        return s;
    }

    static Map<String, double[]> lstmWeights(Random r, int nIn, int nH, boolean peepholes) {
        Map<String, double[]> w = new java.util.LinkedHashMap<>();
        w.put("w_ih", uniform(r, 4 * nH * nIn, 0.6));
        w.put("w_hh", uniform(r, 4 * nH * nH, 0.6));
        w.put("b_ih", uniform(r, 4 * nH, 0.3));
        w.put("b_hh", uniform(r, 4 * nH, 0.3));
        if (peepholes) {
            w.put("p_i", uniform(r, nH, 0.5));
            w.put("p_f", uniform(r, nH, 0.5));
            w.put("p_o", uniform(r, nH, 0.5));
        }
        return w;
    }

    static Map<String, double[]> gruWeights(Random r, int nIn, int nH) {
        Map<String, double[]> w = new java.util.LinkedHashMap<>();
        w.put("w_ih", uniform(r, 3 * nH * nIn, 0.6));
        w.put("w_hh", uniform(r, 3 * nH * nH, 0.6));
        w.put("b_ih", uniform(r, 3 * nH, 0.3));
        w.put("b_hh", uniform(r, 3 * nH, 0.3));
        return w;
    }
}
