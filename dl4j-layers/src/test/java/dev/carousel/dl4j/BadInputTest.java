package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
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
        return TestNets.mln(new PeepholeLSTM.Builder().nIn(3).nOut(4).dataFormat(f).checkInputForNaN(nanCheck)
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
    void nanInputWhenAskedToCheck() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        x.putScalar(new long[] {1, 2, 3}, Float.NaN);
        expect(() -> lstmNet(RNNFormat.NCW, true).output(x), "NaN", "[1, 2, 3]");
        MultiLayerNetwork gru = TestNets.mln(new GRU.Builder().nIn(3).nOut(4).checkInputForNaN(true).build(), 4, 2,
                RNNFormat.NCW, DataType.FLOAT, null);
        expect(() -> gru.output(x), "GRU", "NaN");
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
