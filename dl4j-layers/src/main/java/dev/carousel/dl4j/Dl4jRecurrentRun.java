package dev.carousel.dl4j;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * One forward and backward pass of a Carousel DL4J layer on plain Java arrays, for cross-implementation checks
 * (the {@code carousel verify --impl dl4j} adapter) against the reference: weights in the interchange layout, a
 * batch-first input x [B][T][I], optional lengths (prefix masks), initial states and upstream gradients; returns
 * outputs, final states and every gradient, parameter gradients in the interchange layout.
 *
 * <p>The layer runs inside a one-layer MultiLayerNetwork (NWC), driven at layer level without workspaces.
 * Initial states go in through the layer's explicit-state entry points ({@link CarouselRecurrentLayer#forwardFrom}
 * and {@link CarouselRecurrentLayer#backpropFrom}, the same state maps as {@code rnnSetPreviousState}: keys
 * {@code prevAct} = h, {@code prevMem} = c), and dL/dh_0, dL/dc_0 come back from
 * {@link CarouselRecurrentLayer#getInitialStateGradient()}.
 */
public final class Dl4jRecurrentRun {

    /**
     * What one run returns. {@code cN} and {@code dc0} are null for a GRU. {@code paramGrads} holds w_ih, w_hh,
     * b_ih, b_hh (and p_i, p_f, p_o for a peephole LSTM), flat row-major as in the interchange layout.
     */
    public record Result(double[][][] y, double[][] hN, double[][] cN, double[][][] dx, double[][] dh0,
                         double[][] dc0, Map<String, double[]> paramGrads) {
    }

    private Dl4jRecurrentRun() {
    }

    /**
     * @param weights  interchange layout (w_ih [4H, I], w_hh [4H, H], b_ih, b_hh [4H], p_i, p_f, p_o [H] when
     *                 the spec has peepholes)
     * @param x        [B][T][I]
     * @param lengths  per-sequence lengths (prefix masks) or null for all T steps
     * @param h0       [B][H] or null for zeros; c0 likewise
     * @param dy       dL/dy [B][T][H] or null; dhN, dcN: dL/dh_n, dL/dc_n [B][H] or null
     * @param dtype    DataType.FLOAT or DataType.DOUBLE
     */
    public static Result lstm(LstmSpec spec, Map<String, double[]> weights, double[][][] x, int[] lengths,
                              double[][] h0, double[][] c0, double[][][] dy, double[][] dhN, double[][] dcN,
                              DataType dtype) {
        PeepholeLSTM conf = new PeepholeLSTM.Builder().nIn(spec.inputSize()).nOut(spec.hiddenSize())
                .peepholes(spec.peepholes()).forgetGate(spec.forgetGate())
                .coupledInputForget(spec.coupledInputForget()).cellActivation(spec.cellActivation())
                .outputActivation(spec.outputActivation()).dataFormat(RNNFormat.NWC).build();
        MultiLayerNetwork net = network(conf, dtype);
        CarouselRecurrentLayer<?> layer = (CarouselRecurrentLayer<?>) net.getLayer(0);
        WeightLayout.importLstm(conf, layer.paramTable(), weights);
        Run r = run(net, layer, spec.hiddenSize(), x, lengths, new double[][][] {h0, c0}, dy,
                new double[][][] {dhN, dcN}, dtype);
        PeepholeLSTM lc = (PeepholeLSTM) layer.conf().getLayer();
        return new Result(r.y, r.hN, r.cN, r.dx, r.dh0, r.dc0,
                WeightLayout.lstmGradientsToInterchange(lc, r.grads));
    }

    /** As {@link #lstm} for a GRU (interchange w_ih [3H, I], w_hh [3H, H], b_ih, b_hh [3H], rows r, z, n). */
    public static Result gru(GruSpec spec, Map<String, double[]> weights, double[][][] x, int[] lengths,
                             double[][] h0, double[][][] dy, double[][] dhN, DataType dtype) {
        GRU conf = new GRU.Builder().nIn(spec.inputSize()).nOut(spec.hiddenSize()).resetAfter(spec.resetAfter())
                .dataFormat(RNNFormat.NWC).build();
        MultiLayerNetwork net = network(conf, dtype);
        CarouselRecurrentLayer<?> layer = (CarouselRecurrentLayer<?>) net.getLayer(0);
        WeightLayout.importGru(conf, layer.paramTable(), weights);
        Run r = run(net, layer, spec.hiddenSize(), x, lengths, new double[][][] {h0}, dy, new double[][][] {dhN},
                dtype);
        GRU gc = (GRU) layer.conf().getLayer();
        return new Result(r.y, r.hN, null, r.dx, r.dh0, null, WeightLayout.exportGru(gc, r.grads));
    }

    private static MultiLayerNetwork network(BaseRecurrentLayer layer, DataType dtype) {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().dataType(dtype).updater(new NoOp()).list()
                .layer(layer).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        net.initGradientsView();
        return net;
    }

    private static final class Run {
        double[][][] y;
        double[][] hN;
        double[][] cN;
        double[][][] dx;
        double[][] dh0;
        double[][] dc0;
        Map<String, INDArray> grads;
    }

    private static Run run(MultiLayerNetwork net, CarouselRecurrentLayer<?> layer, int nH, double[][][] x,
                           int[] lengths, double[][][] init, double[][][] dy, double[][][] dFinal, DataType dt) {
        int nB = x.length;
        int nT = x[0].length;
        INDArray in = Nd4j.createFromArray(x).castTo(dt);
        INDArray mask = null;
        if (lengths != null) {
            if (lengths.length != nB) {
                throw new IllegalArgumentException("lengths: expected " + nB + " entries, got " + lengths.length);
            }
            double[][] m = new double[nB][nT];
            for (int b = 0; b < nB; b++) {
                if (lengths[b] < 0 || lengths[b] > nT) {
                    throw new IllegalArgumentException("lengths[" + b + "] must be in [0, " + nT + "], got "
                            + lengths[b]);
                }
                java.util.Arrays.fill(m[b], 0, lengths[b], 1.0);
            }
            mask = Nd4j.createFromArray(m).castTo(dt);
        }
        layer.setMaskArray(mask);
        String[] keys = {CarouselRecurrentLayer.STATE_KEY_H, CarouselRecurrentLayer.STATE_KEY_C};
        Map<String, INDArray> initMap = stateMap(init, keys, dt);
        Map<String, INDArray> finalGrad = stateMap(dFinal, keys, dt);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Map<String, INDArray> fin = new HashMap<>();
        INDArray y = layer.forwardFrom(in, initMap, fin, mgr);
        Run r = new Run();
        r.y = to3d(y);
        r.hN = fin.get(keys[0]).castTo(DataType.DOUBLE).toDoubleMatrix();
        r.cN = fin.containsKey(keys[1]) ? fin.get(keys[1]).castTo(DataType.DOUBLE).toDoubleMatrix() : null;
        INDArray eps = dy == null ? Nd4j.zeros(dt, nB, nT, nH) : Nd4j.createFromArray(dy).castTo(dt);
        Pair<Gradient, INDArray> g = layer.backpropFrom(eps, initMap, finalGrad, mgr);
        r.dx = to3d(g.getSecond());
        Map<String, INDArray> s0 = layer.getInitialStateGradient();
        r.dh0 = s0.get(keys[0]).castTo(DataType.DOUBLE).toDoubleMatrix();
        r.dc0 = s0.containsKey(keys[1]) ? s0.get(keys[1]).castTo(DataType.DOUBLE).toDoubleMatrix() : null;
        r.grads = g.getFirst().gradientForVariable();
        layer.setMaskArray(null);
        return r;
    }

    private static Map<String, INDArray> stateMap(double[][][] states, String[] keys, DataType dt) {
        Map<String, INDArray> m = null;
        for (int k = 0; k < states.length; k++) {
            if (states[k] != null) {
                if (m == null) {
                    m = new HashMap<>();
                }
                m.put(keys[k], Nd4j.createFromArray(states[k]).castTo(dt));
            }
        }
        return m;
    }

    private static double[][][] to3d(INDArray a) {
        INDArray d = a.castTo(DataType.DOUBLE).dup('c');
        int n0 = (int) d.size(0);
        int n1 = (int) d.size(1);
        int n2 = (int) d.size(2);
        double[] flat = d.data().asDouble();
        double[][][] out = new double[n0][n1][n2];
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                System.arraycopy(flat, (i * n1 + j) * n2, out[i][j], 0, n2);
            }
        }
        return out;
    }
}
