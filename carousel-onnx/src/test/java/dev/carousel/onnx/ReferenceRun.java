package dev.carousel.onnx;

import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.Masks;
import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.List;
import java.util.Map;

/**
 * The float64 reference (reference-impl's {@link RecurrentLayer}) run on an ONNX node's inputs: one layer per
 * direction from the interchange weights, the backward direction reversed (it starts at step L_b - 1), outputs in
 * ONNX's layouts.
 */
public final class ReferenceRun {
    private ReferenceRun() {
    }

    /** Outputs in ONNX's layout for the given {@code layout}, flat row-major. yC is null for a GRU. */
    public record Outputs(double[] y, double[] yH, double[] yC) {
    }

    /**
     * @param x   [B][T][I]
     * @param lens [B] or null
     * @param h0  [D][B][H] or null; c0 likewise
     */
    static Outputs run(LstmSpec lstm, GruSpec gru, Direction direction, List<Map<String, double[]>> weights,
                       double[][][] x, int[] lens, double[][][] h0, double[][][] c0, int layout) {
        int nB = x.length;
        int nT = x[0].length;
        int nD = direction.count();
        int nH = lstm != null ? lstm.hiddenSize() : gru.hiddenSize();
        double[][][][] y = new double[nD][][][];
        double[][][] hN = new double[nD][][];
        double[][][] cN = new double[nD][][];
        for (int d = 0; d < nD; d++) {
            RecurrentCell cell = lstm != null ? new LstmCell(lstm) : new GruCell(gru);
            for (Param p : cell.params()) {
                double[] v = weights.get(d).get(p.name());
                if (v == null) {
                    throw new IllegalArgumentException("reference: no weight '" + p.name() + "'");
                }
                p.set(v);
            }
            RecurrentLayer layer = new RecurrentLayer(cell, direction.reversed(d));
            double[][][] init = null;
            if (h0 != null) {
                init = lstm != null ? new double[][][] {h0[d], c0 != null ? c0[d] : new double[nB][nH]}
                        : new double[][][] {h0[d]};
            } else if (c0 != null) {
                init = new double[][][] {new double[nB][nH], c0[d]};
            }
            RecurrentLayer.Forward f = layer.forward(x, lens == null ? null : Masks.fromLengths(lens, nT), init);
            y[d] = f.y;
            hN[d] = f.hN();
            cN[d] = lstm != null ? f.cN() : null;
        }
        double[] yFlat = new double[nT * nD * nB * nH];
        for (int t = 0; t < nT; t++) {
            for (int d = 0; d < nD; d++) {
                for (int b = 0; b < nB; b++) {
                    for (int j = 0; j < nH; j++) {
                        int idx = layout == 0 ? ((t * nD + d) * nB + b) * nH + j : ((b * nT + t) * nD + d) * nH + j;
                        yFlat[idx] = y[d][b][t][j];
                    }
                }
            }
        }
        return new Outputs(yFlat, state(hN, layout), lstm != null ? state(cN, layout) : null);
    }

    /** [D][B][H] to ONNX's state layout: [D, B, H] (layout 0) or [B, D, H] (layout 1). */
    static double[] state(double[][][] s, int layout) {
        int nD = s.length;
        int nB = s[0].length;
        int nH = s[0][0].length;
        double[] out = new double[nD * nB * nH];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < nB; b++) {
                for (int j = 0; j < nH; j++) {
                    out[layout == 0 ? (d * nB + b) * nH + j : (b * nD + d) * nH + j] = s[d][b][j];
                }
            }
        }
        return out;
    }

    /** x [B][T][I] as ONNX's X: [T, B, I] (layout 0) or [B, T, I] (layout 1). */
    static double[] input(double[][][] x, int layout) {
        int nB = x.length;
        int nT = x[0].length;
        int nI = x[0][0].length;
        double[] out = new double[nB * nT * nI];
        for (int b = 0; b < nB; b++) {
            for (int t = 0; t < nT; t++) {
                for (int i = 0; i < nI; i++) {
                    out[layout == 0 ? (t * nB + b) * nI + i : (b * nT + t) * nI + i] = x[b][t][i];
                }
            }
        }
        return out;
    }
}
