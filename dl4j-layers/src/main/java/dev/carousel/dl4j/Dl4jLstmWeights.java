package dev.carousel.dl4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import dev.carousel.dl4j.conf.PeepholeLSTM;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the weights of DL4J's own {@code LSTM} and {@code GravesLSTM} layers into the interchange layout (and so
 * into a {@link PeepholeLSTM} via {@link WeightLayout#importLstm}).
 *
 * <p>DL4J packs W [nIn, 4H], RW [H, 4H] (GravesLSTM: [H, 4H+3]) and b [4H] in its "IFOG" column order, which
 * is really: columns [0,H) the cell input g, [H,2H) the forget gate, [2H,3H) the output gate, [3H,4H) the input
 * gate (read from LSTMHelpers of DL4J 1.0.0-M2.1; docs/dl4j-layers.md). GravesLSTM's peepholes are the last
 * three columns of RW: 4H = p_f (on c_{t-1}), 4H+1 = p_o (on c_t), 4H+2 = p_i (on c_{t-1}): the same timing as
 * equations.md section 1. The maths coincide with Carousel's when DL4J's layer activation is tanh and its gate activation sigmoid.
 */
public final class Dl4jLstmWeights {
    /** DL4J column block of the interchange gates i, f, g, o. */
    private static final int[] DL4J_BLOCK = {3, 1, 0, 2};

    private Dl4jLstmWeights() {
    }

    /**
     * @param params the DL4J layer's parameter table (keys W, RW, b)
     * @param graves whether RW carries GravesLSTM's three peephole columns
     */
    public static Map<String, double[]> toInterchange(Map<String, INDArray> params, int nIn, int nH, boolean graves) {
        INDArray w = params.get("W").castTo(DataType.DOUBLE);
        INDArray rw = params.get("RW").castTo(DataType.DOUBLE);
        INDArray b = params.get("b").castTo(DataType.DOUBLE).reshape(-1);
        long expectedRw = graves ? 4L * nH + 3 : 4L * nH;
        if (w.size(0) != nIn || w.size(1) != 4L * nH || rw.size(0) != nH || rw.size(1) != expectedRw) {
            throw new IllegalArgumentException("expected DL4J " + (graves ? "GravesLSTM" : "LSTM") + " weights W [" + nIn
                    + ", " + 4 * nH + "] and RW [" + nH + ", " + expectedRw + "], got W "
                    + java.util.Arrays.toString(w.shape()) + " and RW " + java.util.Arrays.toString(rw.shape()));
        }
        INDArray wIh = Nd4j.zeros(DataType.DOUBLE, 4 * nH, nIn);
        INDArray wHh = Nd4j.zeros(DataType.DOUBLE, 4 * nH, nH);
        INDArray bIh = Nd4j.zeros(DataType.DOUBLE, 4 * nH);
        for (int gate = 0; gate < 4; gate++) {
            long c0 = (long) DL4J_BLOCK[gate] * nH;
            wIh.get(interval(gate * nH, (gate + 1) * nH), all()).assign(w.get(all(), interval(c0, c0 + nH)).transpose());
            wHh.get(interval(gate * nH, (gate + 1) * nH), all()).assign(rw.get(all(), interval(c0, c0 + nH)).transpose());
            bIh.get(interval(gate * nH, (gate + 1) * nH)).assign(b.get(interval(c0, c0 + nH)));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(WeightLayout.W_IH, wIh.dup('c').data().asDouble());
        out.put(WeightLayout.W_HH, wHh.dup('c').data().asDouble());
        out.put(WeightLayout.B_IH, bIh.toDoubleVector());
        out.put(WeightLayout.B_HH, new double[4 * nH]);
        if (graves) {
            out.put(WeightLayout.P_F, rw.get(all(), point(4L * nH)).toDoubleVector());
            out.put(WeightLayout.P_O, rw.get(all(), point(4L * nH + 1)).toDoubleVector());
            out.put(WeightLayout.P_I, rw.get(all(), point(4L * nH + 2)).toDoubleVector());
        } else {
            out.put(WeightLayout.P_I, new double[nH]);
            out.put(WeightLayout.P_F, new double[nH]);
            out.put(WeightLayout.P_O, new double[nH]);
        }
        return out;
    }

    /**
     * Copies the weights of an instantiated DL4J {@code LSTM} or {@code GravesLSTM} layer into a PeepholeLSTM
     * layer (same nIn and nOut; peepholes on for GravesLSTM; for DL4J LSTM the target's peepholes, if any, are
     * set to 0).
     */
    public static void copy(Layer dl4jLayer, Layer target) {
        org.deeplearning4j.nn.conf.layers.Layer src = dl4jLayer.conf().getLayer();
        boolean graves = src instanceof GravesLSTM;
        if (!graves && !(src instanceof LSTM)) {
            throw new IllegalArgumentException("expected a DL4J LSTM or GravesLSTM layer, got "
                    + src.getClass().getSimpleName());
        }
        if (!(target.conf().getLayer() instanceof PeepholeLSTM)) {
            throw new IllegalArgumentException("expected a PeepholeLSTM target layer, got "
                    + target.conf().getLayer().getClass().getSimpleName());
        }
        PeepholeLSTM t = (PeepholeLSTM) target.conf().getLayer();
        org.deeplearning4j.nn.conf.layers.FeedForwardLayer s = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) src;
        if (s.getNIn() != t.getNIn() || s.getNOut() != t.getNOut()) {
            throw new IllegalArgumentException("sizes differ: source nIn=" + s.getNIn() + " nOut=" + s.getNOut()
                    + ", target nIn=" + t.getNIn() + " nOut=" + t.getNOut());
        }
        if (graves && !t.isPeepholes()) {
            throw new IllegalArgumentException("GravesLSTM has peepholes; the target PeepholeLSTM has peepholes=false");
        }
        if (!t.isForgetGate() || t.isCoupledInputForget()) {
            throw new IllegalArgumentException("DL4J's LSTMs have separate input and forget gates; the target has "
                    + "forgetGate=" + t.isForgetGate() + ", coupledInputForget=" + t.isCoupledInputForget());
        }
        Map<String, double[]> w = toInterchange(dl4jLayer.paramTable(), (int) s.getNIn(), (int) s.getNOut(), graves);
        WeightLayout.importLstm(t, target.paramTable(), w);
    }
}
