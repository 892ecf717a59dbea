package dev.carousel.dl4j;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.Masks;
import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.Comparisons;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A gradient always belongs to the current parameters and input: a training forward pass followed by a change of
 * the parameters (layer or network {@code setParams}) or an in-place change of the input, then the backward pass,
 * gives the float64 reference's gradient at the new parameters / input (tolerance 1e-9), on both paths; and a pass
 * after an earlier whole pass on other data, whose working arrays the layer kept (no workspaces), gives the
 * reference's gradient of its own data.
 */
class StaleGradientTest {
    enum Order { LAYER_SET_PARAMS, INPUT_CHANGED_IN_PLACE, NET_SET_PARAMS, BACKWARD_BUFFERS_REUSED }

    @AfterEach
    void restorePath() {
        System.clearProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY);
    }

    @ParameterizedTest(name = "{0} {1} ops={2}")
    @CsvSource({
        "lstm, LAYER_SET_PARAMS, false", "lstm, INPUT_CHANGED_IN_PLACE, false", "lstm, NET_SET_PARAMS, false",
        "lstm, LAYER_SET_PARAMS, true", "lstm, INPUT_CHANGED_IN_PLACE, true", "lstm, NET_SET_PARAMS, true",
        "gru, LAYER_SET_PARAMS, false", "gru, INPUT_CHANGED_IN_PLACE, false", "gru, NET_SET_PARAMS, false",
        "gru, LAYER_SET_PARAMS, true",
        "lstm, BACKWARD_BUFFERS_REUSED, false", "lstm, BACKWARD_BUFFERS_REUSED, true",
        "gru, BACKWARD_BUFFERS_REUSED, false", "gru, BACKWARD_BUFFERS_REUSED, true"
    })
    void gradientFollowsTheCurrentParamsAndInput(String kind, Order order, boolean ops) {
        if (ops) {
            System.setProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY, "true");
        }
        int nB = 3;
        int nT = 5;
        int nI = 3;
        int nH = 4;
        Random r = new Random(kind.hashCode() + order.ordinal());
        boolean lstm = kind.equals("lstm");
        LstmSpec lspec = new LstmSpec(nI, nH, true, true, false, Activation.TANH, Activation.TANH);
        GruSpec gspec = new GruSpec(nI, nH, true);
        RecurrentCell cell = lstm ? new LstmCell(lspec) : new GruCell(gspec);
        Map<String, double[]> w1 = ReferenceAgreementTest.randomise(cell, r, 0.6);
        Map<String, double[]> w2 = ReferenceAgreementTest.randomise(cell, r, 0.6);   // the cell now holds w2
        double[][][] x = RandomArrays.sequence(r, nB, nT, nI, ReferenceAgreementTest.UNIT);
        double[][][] dy = RandomArrays.sequence(r, nB, nT, nH, ReferenceAgreementTest.UNIT);
        int[] lengths = {nT, 3, 4};

        BaseRecurrentLayer conf = lstm
                ? new PeepholeLSTM.Builder().nIn(nI).nOut(nH).peepholes(true).dataFormat(RNNFormat.NWC).build()
                : new GRU.Builder().nIn(nI).nOut(nH).resetAfter(true).dataFormat(RNNFormat.NWC).build();
        MultiLayerNetwork net = network(conf);
        MultiLayerNetwork net2 = network((BaseRecurrentLayer) conf.clone());
        CarouselRecurrentLayer<?> layer = (CarouselRecurrentLayer<?>) net.getLayer(0);
        importWeights(lstm, net, w1);
        importWeights(lstm, net2, w2);
        INDArray p2 = net2.params().dup();

        INDArray in = Nd4j.createFromArray(x);
        INDArray mask = Nd4j.createFromArray(Masks.fromLengths(lengths, nT));
        INDArray eps = Nd4j.createFromArray(dy);
        double[][][] xRef = x;
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Pair<Gradient, INDArray> got;
        switch (order) {
            case LAYER_SET_PARAMS:
                layer.setMaskArray(mask);
                layer.activate(in, true, mgr);
                layer.setParams(p2);
                got = layer.backpropGradient(eps, mgr);
                break;
            case INPUT_CHANGED_IN_PLACE:
                importWeights(lstm, net, w2);
                layer.setMaskArray(mask);
                layer.activate(in, true, mgr);
                in.muli(2);
                xRef = times2(x);
                got = layer.backpropGradient(eps, mgr);
                break;
            case NET_SET_PARAMS:
                net.setInput(in);
                net.setLayerMaskArrays(mask, null);
                net.feedForward(true, false);
                net.setParams(p2);
                got = net.backpropGradient(eps, mgr);
                break;
            case BACKWARD_BUFFERS_REUSED:                // a whole earlier pass on other data, no mask, fills the
                importWeights(lstm, net, w2);              // layer's kept backward arrays (no workspaces) first
                layer.activate(in.mul(-3), true, mgr);
                layer.backpropGradient(eps.mul(5), mgr);
                layer.setMaskArray(mask);
                layer.activate(in, true, mgr);
                got = layer.backpropGradient(eps, mgr);
                break;
            default:
                throw new AssertionError(order);
        }

        RecurrentLayer ref = new RecurrentLayer(cell);                 // holds w2
        cell.params().zeroGrad();
        RecurrentLayer.Forward fwd = ref.forward(xRef, Masks.fromLengths(lengths, nT), null);
        RecurrentLayer.Gradients grads = ref.backward(fwd, dy, null);

        Map<String, INDArray> g = order == Order.NET_SET_PARAMS ? layerGradients(got.getFirst())
                : got.getFirst().gradientForVariable();
        Map<String, double[]> gotI = lstm
                ? WeightLayout.lstmGradientsToInterchange((PeepholeLSTM) layer.conf().getLayer(), g)
                : WeightLayout.exportGru((GRU) layer.conf().getLayer(), g);
        for (Param p : cell.params()) {
            Comparisons.assertRelativeError(gotI.get(p.name()), p.grad, 1e-9, order + " d" + p.name());
        }
        Comparisons.assertRelativeError(toArray(got.getSecond()), grads.dx(), 1e-9, order + " dx");
    }

    private static double[][][] times2(double[][][] x) {
        double[][][] out = new double[x.length][][];
        for (int b = 0; b < x.length; b++) {
            out[b] = new double[x[b].length][];
            for (int t = 0; t < x[b].length; t++) {
                out[b][t] = java.util.Arrays.stream(x[b][t]).map(v -> 2 * v).toArray();
            }
        }
        return out;
    }

    private static double[][][] toArray(INDArray a) {
        INDArray d = a.castTo(DataType.DOUBLE);
        double[][][] out = new double[(int) d.size(0)][(int) d.size(1)][(int) d.size(2)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                for (int k = 0; k < out[i][j].length; k++) {
                    out[i][j][k] = d.getDouble(i, j, k);
                }
            }
        }
        return out;
    }

    /** A network gradient's entries "0_W" etc. under the layer's keys. */
    private static Map<String, INDArray> layerGradients(Gradient g) {
        Map<String, INDArray> out = new java.util.HashMap<>();
        for (Map.Entry<String, INDArray> en : g.gradientForVariable().entrySet()) {
            out.put(en.getKey().substring(en.getKey().indexOf('_') + 1), en.getValue());
        }
        return out;
    }

    private static void importWeights(boolean lstm, MultiLayerNetwork net, Map<String, double[]> w) {
        CarouselRecurrentLayer<?> layer = (CarouselRecurrentLayer<?>) net.getLayer(0);
        if (lstm) {
            WeightLayout.importLstm((PeepholeLSTM) layer.conf().getLayer(), layer.paramTable(), w);
        } else {
            WeightLayout.importGru((GRU) layer.conf().getLayer(), layer.paramTable(), w);
        }
    }

    private static MultiLayerNetwork network(BaseRecurrentLayer layer) {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list().layer(layer).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        net.initGradientsView();
        return net;
    }
}
