package dev.carousel.onnx;

import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded asymmetric random weights and inputs (every value distinct, so a swapped gate block shows). */
final class Fixtures {
    private Fixtures() {
    }

    static double[] uniform(Random rnd, int n, double scale) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = scale * (2 * rnd.nextDouble() - 1);
        }
        return v;
    }

    static Map<String, double[]> lstm(LstmSpec s, Random rnd) {
        int nH = s.hiddenSize();
        int nI = s.inputSize();
        Map<String, double[]> w = new LinkedHashMap<>();
        w.put("w_ih", uniform(rnd, 4 * nH * nI, 0.6));
        w.put("w_hh", uniform(rnd, 4 * nH * nH, 0.6));
        w.put("b_ih", uniform(rnd, 4 * nH, 0.5));
        w.put("b_hh", uniform(rnd, 4 * nH, 0.5));
        if (s.peepholes()) {
            w.put("p_i", uniform(rnd, nH, 0.5));
            w.put("p_f", uniform(rnd, nH, 0.5));
            w.put("p_o", uniform(rnd, nH, 0.5));
        }
        return w;
    }

    static Map<String, double[]> gru(GruSpec s, Random rnd) {
        int nH = s.hiddenSize();
        int nI = s.inputSize();
        Map<String, double[]> w = new LinkedHashMap<>();
        w.put("w_ih", uniform(rnd, 3 * nH * nI, 0.6));
        w.put("w_hh", uniform(rnd, 3 * nH * nH, 0.6));
        w.put("b_ih", uniform(rnd, 3 * nH, 0.5));
        w.put("b_hh", uniform(rnd, 3 * nH, 0.5));
        return w;
    }

    static List<Map<String, double[]>> lstm(LstmSpec s, Direction d, Random rnd) {
        List<Map<String, double[]>> out = new ArrayList<>();
        for (int k = 0; k < d.count(); k++) {
            out.add(lstm(s, rnd));
        }
        return out;
    }

    static List<Map<String, double[]>> gru(GruSpec s, Direction d, Random rnd) {
        List<Map<String, double[]>> out = new ArrayList<>();
        for (int k = 0; k < d.count(); k++) {
            out.add(gru(s, rnd));
        }
        return out;
    }

    /** [B][T][I]. */
    static double[][][] sequence(Random rnd, int nB, int nT, int nI) {
        double[][][] x = new double[nB][nT][];
        for (int b = 0; b < nB; b++) {
            for (int t = 0; t < nT; t++) {
                x[b][t] = uniform(rnd, nI, 1.0);
            }
        }
        return x;
    }

    /** [D][B][H]. */
    static double[][][] states(Random rnd, int nD, int nB, int nH) {
        double[][][] s = new double[nD][nB][];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < nB; b++) {
                s[d][b] = uniform(rnd, nH, 0.8);
            }
        }
        return s;
    }

    static double[] flat(double[][][] s) {
        int n0 = s.length;
        int n1 = s[0].length;
        int n2 = s[0][0].length;
        double[] out = new double[n0 * n1 * n2];
        for (int a = 0; a < n0; a++) {
            for (int b = 0; b < n1; b++) {
                System.arraycopy(s[a][b], 0, out, (a * n1 + b) * n2, n2);
            }
        }
        return out;
    }
}
