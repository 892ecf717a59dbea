package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import dev.carousel.spec.Activation;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The worked example of equations.md section 1: one cell, identity g and h, no peepholes, hand-set weights
 * z = x1, z_i = 100 x2 - 10, z_f = 100 x2 + 10, z_o = 100 x3 - 10; the inputs (3,1,0), (4,1,0), (2,0,0), (1,0,1),
 * (3,-1,0) give cell states about 3, 7, 7, 7, 0 and outputs about 0, 0, 0, 7, 0 (within 1e-3).
 */
class WorkedExampleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void handSetCellStoresAndReleases(String dtype) {
        DataType dt = DataType.valueOf(dtype);
        PeepholeLSTM conf = new PeepholeLSTM.Builder().nIn(3).nOut(1).peepholes(false)
                .cellActivation(Activation.IDENTITY).outputActivation(Activation.IDENTITY).build();
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().dataType(dt).list().layer(conf).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        // interchange layout, rows i, f, g, o
        double[] wIh = {0, 100, 0, /* f */ 0, 100, 0, /* g */ 1, 0, 0, /* o */ 0, 0, 100};
        WeightLayout.importLstm((PeepholeLSTM) net.getLayer(0).conf().getLayer(), net.getLayer(0).paramTable(),
                Map.of("w_ih", wIh, "w_hh", new double[4], "b_ih", new double[] {-10, 10, 0, -10},
                        "b_hh", new double[4]));
        double[][] xs = {{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}};
        double[] cExpected = {3, 7, 7, 7, 0};
        double[] hExpected = {0, 0, 0, 7, 0};
        INDArray x = Nd4j.create(dt, 1, 3, 5);
        for (int t = 0; t < 5; t++) {
            for (int k = 0; k < 3; k++) {
                x.putScalar(new long[] {0, k, t}, xs[t][k]);
            }
        }
        INDArray out = net.output(x);
        net.rnnClearPreviousState();
        for (int t = 0; t < 5; t++) {
            INDArray h = net.rnnTimeStep(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t)));
            double cT = net.rnnGetPreviousState(0).get(CarouselRecurrentLayer.STATE_KEY_C).getDouble(0, 0);
            assertEquals(cExpected[t], cT, 1e-3, "c at step " + (t + 1));
            assertEquals(hExpected[t], h.getDouble(0, 0), 1e-3, "h at step " + (t + 1));
            assertEquals(hExpected[t], out.getDouble(0, 0, t), 1e-3, "output() at step " + (t + 1));
        }
    }
}
