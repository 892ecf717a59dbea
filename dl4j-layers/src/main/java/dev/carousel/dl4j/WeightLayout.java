package dev.carousel.dl4j;

import dev.carousel.spec.layout.InterchangeNames;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.params.GruParamInitializer;
import dev.carousel.spec.layout.LstmGateLayout;
import dev.carousel.dl4j.params.PeepholeLstmParamInitializer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts between Carousel's DL4J parameters and the interchange layout of equations.md (PyTorch's):
 * {@code w_ih} [G*H, I], {@code w_hh} [G*H, H], {@code b_ih}, {@code b_hh} [G*H] as flat row-major {@code double[]},
 * row blocks i, f, g, o (LSTM) or r, z, n (GRU), and {@code p_i}, {@code p_f}, {@code p_o} [H] (LSTM peepholes).
 *
 * <p>LSTM: the layer keeps one bias b = b_ih + b_hh, so import adds them and export writes b_ih = b, b_hh = 0.
 * Rows of gates a variant lacks (f under NFG, i under CIFG) are ignored on import and exported as zeros.
 * Gradients ({@link #lstmGradientsToInterchange}) map db to both d b_ih and d b_hh, since the loss depends on
 * their sum. GRU: both biases are kept, so import and export are exact.
 *
 * <p>The parameter maps are a layer's {@code paramTable()} (or its gradient views), keyed as in
 * {@link PeepholeLstmParamInitializer} and {@link GruParamInitializer}.
 */
public final class WeightLayout {
    public static final String W_IH = InterchangeNames.W_IH;
    public static final String W_HH = InterchangeNames.W_HH;
    public static final String B_IH = InterchangeNames.B_IH;
    public static final String B_HH = InterchangeNames.B_HH;
    public static final String P_I = InterchangeNames.P_I;
    public static final String P_F = InterchangeNames.P_F;
    public static final String P_O = InterchangeNames.P_O;

    private WeightLayout() {
    }

    /** Gate row blocks of the LSTM interchange layout: i, f, g, o. */
    private static int[] lstmColumns(LstmGateLayout gl) {
        return new int[] {gl.colI, gl.colF, gl.colG, gl.colO};
    }

    /** Writes interchange-layout LSTM weights into a PeepholeLSTM's parameters. */
    public static void importLstm(PeepholeLSTM conf, Map<String, INDArray> params, Map<String, double[]> w) {
        LstmGateLayout gl = LstmGateLayout.of(conf.toSpec());
        int nIn = (int) conf.getNIn();
        int nH = (int) conf.getNOut();
        INDArray wIh = matrix(w, W_IH, 4 * nH, nIn);
        INDArray wHh = matrix(w, W_HH, 4 * nH, nH);
        INDArray bIh = vector(w, B_IH, 4 * nH);
        INDArray bHh = vector(w, B_HH, 4 * nH);
        INDArray pW = params.get(PeepholeLstmParamInitializer.INPUT_WEIGHT_KEY);
        INDArray pU = params.get(PeepholeLstmParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray pB = params.get(PeepholeLstmParamInitializer.BIAS_KEY);
        int[] cols = lstmColumns(gl);
        for (int gate = 0; gate < 4; gate++) {
            int col = cols[gate];
            if (col < 0) {
                continue;
            }
            pW.get(all(), interval(col, col + nH)).assign(wIh.get(interval(gate * nH, (gate + 1) * nH), all())
                    .transpose().castTo(pW.dataType()));
            pU.get(all(), interval(col, col + nH)).assign(wHh.get(interval(gate * nH, (gate + 1) * nH), all())
                    .transpose().castTo(pU.dataType()));
            pB.get(interval(col, col + nH)).assign(bIh.get(interval(gate * nH, (gate + 1) * nH))
                    .add(bHh.get(interval(gate * nH, (gate + 1) * nH))).castTo(pB.dataType()));
        }
        if (gl.peepholes) {
            INDArray pP = params.get(PeepholeLstmParamInitializer.PEEPHOLE_KEY);
            String[] names = {P_I, P_F, P_O};
            int[] offs = {gl.peepI, gl.peepF, gl.peepO};
            for (int k = 0; k < 3; k++) {
                if (offs[k] >= 0) {
                    pP.get(interval(offs[k], offs[k] + nH)).assign(vector(w, names[k], nH).castTo(pP.dataType()));
                }
            }
        }
    }

    /** A PeepholeLSTM's parameters in the interchange layout (b_ih = b, b_hh = 0). */
    public static Map<String, double[]> exportLstm(PeepholeLSTM conf, Map<String, INDArray> params) {
        return lstmToInterchange(conf, params, false);
    }

    /**
     * A PeepholeLSTM's gradients (its gradient views, same keys as the parameters) as gradients of the
     * interchange parameters: d b_ih = d b_hh = db.
     */
    public static Map<String, double[]> lstmGradientsToInterchange(PeepholeLSTM conf, Map<String, INDArray> grads) {
        return lstmToInterchange(conf, grads, true);
    }

    private static Map<String, double[]> lstmToInterchange(PeepholeLSTM conf, Map<String, INDArray> params,
                                                           boolean gradient) {
        LstmGateLayout gl = LstmGateLayout.of(conf.toSpec());
        int nIn = (int) conf.getNIn();
        int nH = (int) conf.getNOut();
        INDArray wIh = Nd4j.zeros(DataType.DOUBLE, 4 * nH, nIn);
        INDArray wHh = Nd4j.zeros(DataType.DOUBLE, 4 * nH, nH);
        INDArray bIh = Nd4j.zeros(DataType.DOUBLE, 4 * nH);
        INDArray bHh = Nd4j.zeros(DataType.DOUBLE, 4 * nH);
        INDArray pW = params.get(PeepholeLstmParamInitializer.INPUT_WEIGHT_KEY).castTo(DataType.DOUBLE);
        INDArray pU = params.get(PeepholeLstmParamInitializer.RECURRENT_WEIGHT_KEY).castTo(DataType.DOUBLE);
        INDArray pB = params.get(PeepholeLstmParamInitializer.BIAS_KEY).castTo(DataType.DOUBLE);
        int[] cols = lstmColumns(gl);
        for (int gate = 0; gate < 4; gate++) {
            int col = cols[gate];
            if (col < 0) {
                continue;
            }
            wIh.get(interval(gate * nH, (gate + 1) * nH), all()).assign(pW.get(all(), interval(col, col + nH)).transpose());
            wHh.get(interval(gate * nH, (gate + 1) * nH), all()).assign(pU.get(all(), interval(col, col + nH)).transpose());
            bIh.get(interval(gate * nH, (gate + 1) * nH)).assign(pB.get(interval(col, col + nH)));
            if (gradient) {
                bHh.get(interval(gate * nH, (gate + 1) * nH)).assign(pB.get(interval(col, col + nH)));
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(W_IH, wIh.dup('c').data().asDouble());
        out.put(W_HH, wHh.dup('c').data().asDouble());
        out.put(B_IH, bIh.toDoubleVector());
        out.put(B_HH, bHh.toDoubleVector());
        if (gl.peepholes) {
            INDArray pP = params.get(PeepholeLstmParamInitializer.PEEPHOLE_KEY).castTo(DataType.DOUBLE);
            String[] names = {P_I, P_F, P_O};
            int[] offs = {gl.peepI, gl.peepF, gl.peepO};
            for (int k = 0; k < 3; k++) {
                out.put(names[k], offs[k] >= 0 ? pP.get(interval(offs[k], offs[k] + nH)).toDoubleVector()
                        : new double[nH]);
            }
        }
        return out;
    }

    /** Writes interchange-layout GRU weights (rows r, z, n) into a GRU's parameters. */
    public static void importGru(GRU conf, Map<String, INDArray> params, Map<String, double[]> w) {
        int nIn = (int) conf.getNIn();
        int nH = (int) conf.getNOut();
        INDArray pW = params.get(GruParamInitializer.INPUT_WEIGHT_KEY);
        INDArray pU = params.get(GruParamInitializer.RECURRENT_WEIGHT_KEY);
        pW.assign(matrix(w, W_IH, 3 * nH, nIn).transpose().castTo(pW.dataType()));
        pU.assign(matrix(w, W_HH, 3 * nH, nH).transpose().castTo(pU.dataType()));
        INDArray b = params.get(GruParamInitializer.BIAS_KEY);
        INDArray bh = params.get(GruParamInitializer.RECURRENT_BIAS_KEY);
        b.assign(vector(w, B_IH, 3 * nH).castTo(b.dataType()));
        bh.assign(vector(w, B_HH, 3 * nH).castTo(bh.dataType()));
    }

    /** A GRU's parameters (or gradient views) in the interchange layout. */
    public static Map<String, double[]> exportGru(GRU conf, Map<String, INDArray> params) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(W_IH, params.get(GruParamInitializer.INPUT_WEIGHT_KEY).castTo(DataType.DOUBLE).transpose().dup('c')
                .data().asDouble());
        out.put(W_HH, params.get(GruParamInitializer.RECURRENT_WEIGHT_KEY).castTo(DataType.DOUBLE).transpose()
                .dup('c').data().asDouble());
        out.put(B_IH, params.get(GruParamInitializer.BIAS_KEY).castTo(DataType.DOUBLE).toDoubleVector());
        out.put(B_HH, params.get(GruParamInitializer.RECURRENT_BIAS_KEY).castTo(DataType.DOUBLE).toDoubleVector());
        return out;
    }

    static INDArray matrix(Map<String, double[]> w, String key, int rows, int cols) {
        double[] v = w.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing interchange parameter '" + key + "' [" + rows + ", " + cols
                    + "]; have " + w.keySet());
        }
        if (v.length != rows * cols) {
            throw new IllegalArgumentException("interchange parameter '" + key + "': expected [" + rows + ", " + cols
                    + "] = " + rows * cols + " values, got " + v.length);
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    static INDArray vector(Map<String, double[]> w, String key, int n) {
        double[] v = w.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing interchange parameter '" + key + "' [" + n + "]; have "
                    + w.keySet());
        }
        if (v.length != n) {
            throw new IllegalArgumentException("interchange parameter '" + key + "': expected " + n
                    + " values, got " + v.length);
        }
        return Nd4j.createFromArray(v);
    }
}
