package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input raises DL4JInvalidInputException naming what was expected and what came. */
class BadInputTest {

    private static Throwable rootOf(Throwable t) {
        Throwable r = t;
        while (!(r instanceof DL4JInvalidInputException) && r.getCause() != null) {
            r = r.getCause();
        }
        return r;
    }

    private static void expect(Runnable r, String... fragments) {
        Throwable t = assertThrows(Throwable.class, r::run);
        Throwable root = rootOf(t);
        assertTrue(root instanceof DL4JInvalidInputException, "expected DL4JInvalidInputException, got " + t);
        for (String f : fragments) {
            assertTrue(root.getMessage().contains(f), "message '" + root.getMessage() + "' lacks '" + f + "'");
        }
    }

    static MultiLayerNetwork lstmNet(RNNFormat f, boolean nanCheck) {
        return TestNets.mln(new PeepholeLSTM.Builder().nIn(3).nOut(4).dataFormat(f).checkInput(nanCheck)
                .build(), 4, 2, f, DataType.FLOAT, null);
    }

    @Test
    void wrongRank() {
        MultiLayerNetwork net = lstmNet(RNNFormat.NCW, false);
        expect(() -> net.output(Nd4j.rand(DataType.FLOAT, 2, 3, 5, 1)), "PeepholeLSTM", "expected rank 3",
                "got rank 4", "[2, 3, 5, 1]");
    }

    @Test
    void nInMismatch() {
        MultiLayerNetwork net = lstmNet(RNNFormat.NCW, false);
        expect(() -> net.output(Nd4j.rand(DataType.FLOAT, 2, 7, 5)), "nIn=3", "[2, 7, 5]", "7 features");
        MultiLayerNetwork nwc = lstmNet(RNNFormat.NWC, false);
        expect(() -> nwc.output(Nd4j.rand(DataType.FLOAT, 2, 5, 4)), "NWC", "nIn=3", "[2, 5, 4]");
        MultiLayerNetwork gru = TestNets.mln(new GRU.Builder().nIn(3).nOut(4).build(), 4, 2, RNNFormat.NCW,
                DataType.FLOAT, null);
        expect(() -> gru.output(Nd4j.rand(DataType.FLOAT, 2, 6, 5)), "GRU", "nIn=3", "[2, 6, 5]");
    }

    @Test
    void maskShapeMismatch() {
        MultiLayerNetwork net = lstmNet(RNNFormat.NCW, false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        expect(() -> net.output(x, false, Nd4j.ones(DataType.FLOAT, 2, 4), null), "mask", "[minibatch=2, time=5]",
                "[2, 4]");
    }

    @Test
    void nanAndInfinityRefusedByDefault() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        x.putScalar(new long[] {1, 2, 3}, Float.NaN);
        MultiLayerNetwork lstm = TestNets.mln(new PeepholeLSTM.Builder().nIn(3).nOut(4).build(), 4, 2,
                RNNFormat.NCW, DataType.FLOAT, null);
        expect(() -> lstm.output(x), "PeepholeLSTM", "NaN", "[1, 2, 3]", "checkInput(false)");
        INDArray inf = Nd4j.rand(DataType.DOUBLE, 2, 3, 5);
        inf.putScalar(new long[] {0, 1, 4}, Double.NEGATIVE_INFINITY);
        MultiLayerNetwork gru = TestNets.mln(new GRU.Builder().nIn(3).nOut(4).build(), 4, 2,
                RNNFormat.NCW, DataType.DOUBLE, null);
        expect(() -> gru.output(inf), "GRU", "-Infinity", "[0, 1, 4]");
        // finite values whose sum overflows are accepted
        INDArray big = Nd4j.zeros(DataType.FLOAT, 2, 3, 5).addi(3e38f);
        TestNets.mln(new GRU.Builder().nIn(3).nOut(4).build(), 4, 2, RNNFormat.NCW, DataType.FLOAT, null)
                .output(big);
    }

    @Test
    void inputCheckOptOut() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        x.putScalar(new long[] {1, 2, 3}, Float.NaN);
        assertTrue(lstmNet(RNNFormat.NCW, false).output(x).isNaN().any());      // passes through, as asked
        MultiLayerNetwork net = lstmNet(RNNFormat.NCW, true);
        System.setProperty(CarouselRecurrentLayer.CHECK_INPUT_PROPERTY, "false");
        try {
            assertTrue(net.output(x).isNaN().any());
        } finally {
            System.clearProperty(CarouselRecurrentLayer.CHECK_INPUT_PROPERTY);
        }
        expect(() -> net.output(x), "NaN");
    }

    /** A mask value other than 0 and 1 is refused on both paths, naming the layer, the value and [b, t]. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fractionalMaskRefused(boolean ops) {
        if (ops) {
            System.setProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY, "true");
        }
        try {
            for (MultiLayerNetwork net : new MultiLayerNetwork[] {lstmNet(RNNFormat.NCW, true),
                TestNets.mln(new GRU.Builder().nIn(3).nOut(4).build(), 4, 2, RNNFormat.NCW, DataType.FLOAT, null)}) {
                CarouselRecurrentLayer<?> layer = (CarouselRecurrentLayer<?>) net.getLayer(0);
                assertEquals(!ops, layer.usesHostPath());
                INDArray mask = Nd4j.ones(DataType.FLOAT, 2, 5);
                mask.putScalar(1, 3, 0.5);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> net.output(Nd4j.rand(DataType.FLOAT, 2, 3, 5), false, mask, null));
                for (String frag : new String[] {layer.conf().getLayer() instanceof GRU ? "GRU" : "PeepholeLSTM",
                    "0.5", "[1, 3]"}) {
                    assertTrue(e.getMessage().contains(frag), e.getMessage() + " lacks " + frag);
                }
            }
        } finally {
            System.clearProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY);
        }
    }

    @Test
    void setParamOfWrongShapeRefused() {
        MultiLayerNetwork net = lstmNet(RNNFormat.NCW, true);
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
        INDArray before = net.params().dup();
        for (String key : new String[] {"W", "RW", "b", "P"}) {
            long[] shape = layer.getParam(key).shape();
            long[] wrong = shape.clone();
            wrong[wrong.length - 1] += 1;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> layer.setParam(key, Nd4j.zeros(DataType.FLOAT, wrong)));
            assertTrue(e.getMessage().contains("'" + key + "'") && e.getMessage().contains(Arrays.toString(shape))
                    && e.getMessage().contains(Arrays.toString(wrong)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> layer.setParam("RW", Nd4j.zeros(DataType.FLOAT, 1)));
        assertThrows(IllegalArgumentException.class, () -> layer.setParam("nope", Nd4j.zeros(DataType.FLOAT, 1)));
        assertEquals(before, net.params());
        INDArray rw = Nd4j.rand(DataType.FLOAT, layer.getParam("RW").shape());
        layer.setParam("RW", rw);
        assertEquals(rw, layer.getParam("RW"));
        MultiLayerNetwork gru = TestNets.mln(new GRU.Builder().nIn(3).nOut(4).build(), 4, 2, RNNFormat.NCW,
                DataType.FLOAT, null);
        assertThrows(IllegalArgumentException.class, () -> gru.getLayer(0).setParam("W", Nd4j.zeros(DataType.FLOAT, 4, 12)));
    }

    @Test
    void storedStateOfAnotherMinibatchSize() {
        MultiLayerNetwork net = lstmNet(RNNFormat.NCW, false);
        net.rnnTimeStep(Nd4j.rand(DataType.FLOAT, 2, 3, 4));
        expect(() -> net.rnnTimeStep(Nd4j.rand(DataType.FLOAT, 5, 3, 4)), "[minibatch=5, nOut=4]",
                "rnnClearPreviousState");
        net.rnnClearPreviousState();
        net.rnnTimeStep(Nd4j.rand(DataType.FLOAT, 5, 3, 4));
    }

    @Test
    void badInterchangeWeights() {
        PeepholeLSTM conf = new PeepholeLSTM.Builder().nIn(3).nOut(4).build();
        MultiLayerNetwork net = TestNets.mln(conf, 4, 2, RNNFormat.NCW, DataType.FLOAT, null);
        PeepholeLSTM c = (PeepholeLSTM) net.getLayer(0).conf().getLayer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightLayout.importLstm(c,
                net.getLayer(0).paramTable(), Map.of("w_ih", new double[5])));
        assertTrue(e.getMessage().contains("w_ih") && e.getMessage().contains("[16, 3]") && e.getMessage().contains("5"),
                e.getMessage());
    }

    @Test
    void invalidFlagCombination() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PeepholeLSTM.Builder().nIn(3).nOut(4).forgetGate(false).coupledInputForget(true).build());
        assertTrue(e.getMessage().contains("coupledInputForget") && e.getMessage().contains("forgetGate=false"));
    }
}
