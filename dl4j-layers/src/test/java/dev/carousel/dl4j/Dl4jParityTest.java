package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.spec.RelativeError;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the maths coincide, Carousel's PeepholeLSTM reproduces DL4J's own layers with weights mapped by
 * {@link Dl4jLstmWeights}: GravesLSTM (peepholes on) and LSTM (peepholes off), tanh activation, in float64:
 * outputs, loss and every parameter gradient (mapped to the interchange layout).
 */
class Dl4jParityTest {

    @BeforeAll
    static void doubles() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static Map<String, INDArray> layerGradients(MultiLayerNetwork net, int layer) {
        Map<String, INDArray> m = new HashMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> {
            if (k.startsWith(layer + "_")) {
                m.put(k.substring(k.indexOf('_') + 1), v);
            }
        });
        return m;
    }

    @ParameterizedTest(name = "graves={0}")
    @ValueSource(booleans = {true, false})
    void matchesDl4jLstm(boolean graves) {
        int nIn = 3;
        int nH = 5;
        Layer theirs = graves ? new GravesLSTM.Builder().nIn(nIn).nOut(nH).activation(Activation.TANH).build()
                : new LSTM.Builder().nIn(nIn).nOut(nH).activation(Activation.TANH).build();
        MultiLayerNetwork dl = TestNets.mln(theirs, nH, 2, RNNFormat.NCW, DataType.DOUBLE, null);
        Nd4j.getRandom().setSeed(graves ? 1 : 2);
        dl.setParams(Nd4j.randn(DataType.DOUBLE, 1, dl.numParams()).muli(0.5));
        MultiLayerNetwork mine = TestNets.mln(new PeepholeLSTM.Builder().nIn(nIn).nOut(nH).peepholes(graves).build(),
                nH, 2, RNNFormat.NCW, DataType.DOUBLE, null);
        Dl4jLstmWeights.copy(dl.getLayer(0), mine.getLayer(0));
        mine.getLayer(1).setParams(dl.getLayer(1).params());

        INDArray x = TestNets.sequence(3, 4, nIn, 7, RNNFormat.NCW, DataType.DOUBLE);
        INDArray y = TestNets.sequence(4, 4, 2, 7, RNNFormat.NCW, DataType.DOUBLE);
        INDArray hTheirs = dl.feedForward(x).get(1);
        INDArray hMine = mine.feedForward(x).get(1);
        double outErr = RelativeError.of(hMine.dup('c').data().asDouble(), hTheirs.dup('c').data().asDouble());
        assertTrue(outErr < 1e-12, "outputs differ: " + outErr);

        dl.setInput(x);
        dl.setLabels(y);
        dl.computeGradientAndScore();
        mine.setInput(x);
        mine.setLabels(y);
        mine.computeGradientAndScore();
        assertEquals(dl.score(), mine.score(), 1e-12 * Math.abs(dl.score()));
        Map<String, double[]> gTheirs = Dl4jLstmWeights.toInterchange(layerGradients(dl, 0), nIn, nH, graves);
        Map<String, double[]> gMine = WeightLayout.lstmGradientsToInterchange(
                (PeepholeLSTM) mine.getLayer(0).conf().getLayer(), layerGradients(mine, 0));
        String[] keys = graves ? new String[] {"w_ih", "w_hh", "b_ih", "p_i", "p_f", "p_o"}
                : new String[] {"w_ih", "w_hh", "b_ih"};
        for (String k : keys) {
            double e = RelativeError.of(gMine.get(k), gTheirs.get(k));
            assertTrue(e < 1e-10, "gradient " + k + " differs: " + e);
        }
        double e = RelativeError.of(layerGradients(mine, 1).get("W").data().asDouble(),
                layerGradients(dl, 1).get("W").data().asDouble());
        assertTrue(e < 1e-10, "output layer gradient differs: " + e);
    }
}
