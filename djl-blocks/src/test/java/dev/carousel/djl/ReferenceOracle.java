package dev.carousel.djl;

import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.Masks;
import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs reference-impl (the float64 oracle) with the same inputs as {@link RecurrentRun}. */
final class ReferenceOracle {
    private ReferenceOracle() {
    }

    static RecurrentRunResult lstm(LstmSpec spec, Map<String, double[]> w, double[][][] x, int[] lengths,
                                   double[][] h0, double[][] c0, double[][][] dy, double[][] dhN, double[][] dcN,
                                   boolean reversed) {
        return run(new LstmCell(spec), w, x, lengths, new double[][][] {h0, c0}, dy, new double[][][] {dhN, dcN},
                reversed);
    }

    static RecurrentRunResult gru(GruSpec spec, Map<String, double[]> w, double[][][] x, int[] lengths,
                                  double[][] h0, double[][][] dy, double[][] dhN, boolean reversed) {
        return run(new GruCell(spec), w, x, lengths, new double[][][] {h0}, dy, new double[][][] {dhN}, reversed);
    }

    private static RecurrentRunResult run(RecurrentCell cell, Map<String, double[]> w, double[][][] x, int[] lengths,
                                          double[][][] init, double[][][] dy, double[][][] dFinal, boolean reversed) {
        for (Param p : cell.params()) {
            p.set(w.get(p.name()));
        }
        cell.params().zeroGrad();
        int batch = x.length;
        int time = x[0].length;
        int nH = cell.hiddenSize();
        double[][][] s0 = new double[init.length][][];
        double[][][] dF = new double[dFinal.length][][];
        for (int k = 0; k < init.length; k++) {
            s0[k] = init[k] == null ? new double[batch][nH] : init[k];
            dF[k] = dFinal[k] == null ? new double[batch][nH] : dFinal[k];
        }
        RecurrentLayer layer = new RecurrentLayer(cell, reversed);
        double[][] mask = lengths == null ? null : Masks.fromLengths(lengths, time);
        RecurrentLayer.Forward f = layer.forward(x, mask, s0);
        RecurrentLayer.Gradients g = layer.backward(f, dy, dF);
        Map<String, double[]> grads = new LinkedHashMap<>();
        for (Param p : cell.params()) {
            grads.put(p.name(), p.grad.clone());
        }
        return new RecurrentRunResult(f.y, f.finalState[0], init.length > 1 ? f.finalState[1] : null, g.dx(),
                g.dInitialState()[0], init.length > 1 ? g.dInitialState()[1] : null, grads, false);
    }
}
