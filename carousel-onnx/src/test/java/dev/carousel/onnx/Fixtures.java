package dev.carousel.onnx;

import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded asymmetric random weight maps in the interchange naming (every value distinct, so a swapped gate block
 * shows), drawn with {@link RandomArrays}; inputs and states come from {@link RandomArrays} directly.
 */
final class Fixtures {
    private Fixtures() {
    }

    static Map<String, double[]> lstm(LstmSpec s, Random rnd) {
        int nH = s.hiddenSize();
        int nI = s.inputSize();
        Map<String, double[]> w = new LinkedHashMap<>();
        w.put("w_ih", RandomArrays.uniform(rnd, 4 * nH * nI, 0.6));
        w.put("w_hh", RandomArrays.uniform(rnd, 4 * nH * nH, 0.6));
        w.put("b_ih", RandomArrays.uniform(rnd, 4 * nH, 0.5));
        w.put("b_hh", RandomArrays.uniform(rnd, 4 * nH, 0.5));
        if (s.peepholes()) {
            w.put("p_i", RandomArrays.uniform(rnd, nH, 0.5));
            w.put("p_f", RandomArrays.uniform(rnd, nH, 0.5));
            w.put("p_o", RandomArrays.uniform(rnd, nH, 0.5));
        }
        return w;
    }

    static Map<String, double[]> gru(GruSpec s, Random rnd) {
        int nH = s.hiddenSize();
        int nI = s.inputSize();
        Map<String, double[]> w = new LinkedHashMap<>();
        w.put("w_ih", RandomArrays.uniform(rnd, 3 * nH * nI, 0.6));
        w.put("w_hh", RandomArrays.uniform(rnd, 3 * nH * nH, 0.6));
        w.put("b_ih", RandomArrays.uniform(rnd, 3 * nH, 0.5));
        w.put("b_hh", RandomArrays.uniform(rnd, 3 * nH, 0.5));
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
}
