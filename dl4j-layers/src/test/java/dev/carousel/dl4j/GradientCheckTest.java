package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import dev.carousel.spec.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference gradient checks (DL4J's GradientCheckUtil, float64, eps 1e-6, max relative error 1e-5, min
 * absolute error 1e-8) of whole networks: every LSTM flag combination (peepholes x {standard, NFG, CIFG}, with the
 * activations rotated through all five squashers), both GRU forms, NCW and NWC, with and without masks, in
 * MultiLayerNetwork and ComputationGraph, inside Bidirectional, and on the forced ND4J-operations path.
 */
class GradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double MAX_REL = 1e-5;
    private static final double MIN_ABS = 1e-8;
    private static final int NB = 3;
    private static final int NT = 5;
    private static final int NI = 3;
    private static final int NH = 4;
    private static final int NOUT = 2;

    private static final Activation[][] ACT_PAIRS = {
        {Activation.TANH, Activation.TANH}, {Activation.SIGMOID, Activation.IDENTITY},
        {Activation.SQUASH_G1997, Activation.SQUASH_H1997}, {Activation.IDENTITY, Activation.SIGMOID},
        {Activation.SQUASH_H1997, Activation.SQUASH_G1997}, {Activation.TANH, Activation.SQUASH_H1997}
    };
    /** peepholes, forgetGate, coupledInputForget. */
    private static final boolean[][] STRUCT = {
        {true, true, false}, {false, true, false}, {true, false, false}, {false, false, false},
        {true, true, true}, {false, true, true}
    };

    @BeforeAll
    static void doubles() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restorePath() {
        System.clearProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY);
    }

    static PeepholeLSTM lstm(int s, int actPair, RNNFormat f, int nIn) {
        return new PeepholeLSTM.Builder().nIn(nIn).nOut(NH).peepholes(STRUCT[s][0]).forgetGate(STRUCT[s][1])
                .coupledInputForget(STRUCT[s][2]).cellActivation(ACT_PAIRS[actPair][0])
                .outputActivation(ACT_PAIRS[actPair][1]).dataFormat(f).build();
    }

    static Stream<Arguments> lstmCases() {
        List<Arguments> a = new ArrayList<>();
        for (int s = 0; s < STRUCT.length; s++) {
            for (RNNFormat f : RNNFormat.values()) {
                for (boolean masked : new boolean[] {false, true}) {
                    a.add(Arguments.of(s, (s + f.ordinal() + (masked ? 3 : 0)) % ACT_PAIRS.length, f, masked));
                }
            }
        }
        return a.stream();
    }

    private static void checkMln(MultiLayerNetwork net, RNNFormat f, boolean masked, long seed) {
        net.setParams(Nd4j.randn(DataType.DOUBLE, 1, net.numParams()).muli(0.5));
        INDArray x = TestNets.sequence(seed, NB, NI, NT, f, DataType.DOUBLE);
        INDArray y = TestNets.sequence(seed + 1, NB, NOUT, NT, f, DataType.DOUBLE);
        INDArray m = masked ? TestNets.prefixMask(seed, NB, NT, DataType.DOUBLE) : null;
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .inputMask(m).labelMask(m).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).subset(true).maxPerParam(16));
        assertTrue(ok, "gradient check failed");
    }

    @ParameterizedTest(name = "MLN LSTM struct={0} acts={1} {2} masked={3}")
    @MethodSource("lstmCases")
    void lstmInMultiLayerNetwork(int s, int actPair, RNNFormat f, boolean masked) {
        MultiLayerNetwork net = TestNets.mln(lstm(s, actPair, f, NI), NH, NOUT, f, DataType.DOUBLE, null);
        checkMln(net, f, masked, 10 + s);
    }

    @ParameterizedTest(name = "MLN GRU resetAfter={0} {1} masked={2}")
    @MethodSource("gruCases")
    void gruInMultiLayerNetwork(boolean resetAfter, RNNFormat f, boolean masked) {
        GRU gru = new GRU.Builder().nIn(NI).nOut(NH).resetAfter(resetAfter).dataFormat(f).build();
        checkMln(TestNets.mln(gru, NH, NOUT, f, DataType.DOUBLE, null), f, masked, 20);
    }

    static Stream<Arguments> gruCases() {
        List<Arguments> a = new ArrayList<>();
        for (boolean ra : new boolean[] {true, false}) {
            for (RNNFormat f : RNNFormat.values()) {
                for (boolean masked : new boolean[] {false, true}) {
                    a.add(Arguments.of(ra, f, masked));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "MLN Bidirectional {0} {1}")
    @MethodSource("bidirectionalCases")
    void bidirectionalInMultiLayerNetwork(String kind, RNNFormat f) {
        Layer inner = kind.equals("lstm") ? lstm(0, 0, f, NI)
                : new GRU.Builder().nIn(NI).nOut(NH).resetAfter(kind.equals("gru-after")).dataFormat(f).build();
        MultiLayerNetwork net = TestNets.mln(new Bidirectional(Bidirectional.Mode.CONCAT, inner), 2 * NH, NOUT, f,
                DataType.DOUBLE, null);
        checkMln(net, f, true, 30);
    }

    static Stream<Arguments> bidirectionalCases() {
        return Stream.of(Arguments.of("lstm", RNNFormat.NCW), Arguments.of("lstm", RNNFormat.NWC),
                Arguments.of("gru-after", RNNFormat.NCW), Arguments.of("gru-before", RNNFormat.NWC));
    }

    @ParameterizedTest(name = "ND4J-ops path {0}")
    @MethodSource("bidirectionalCases")
    void nd4jOpsPathInMultiLayerNetwork(String kind, RNNFormat f) {
        System.setProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY, "true");
        Layer layer = kind.equals("lstm") ? lstm(4, 2, f, NI)
                : new GRU.Builder().nIn(NI).nOut(NH).resetAfter(kind.equals("gru-after")).dataFormat(f).build();
        checkMln(TestNets.mln(layer, NH, NOUT, f, DataType.DOUBLE, null), f, true, 40);
    }

    private static void checkGraph(ComputationGraph g, RNNFormat f, long seed) {
        g.setParams(Nd4j.randn(DataType.DOUBLE, 1, g.numParams()).muli(0.5));
        INDArray x = TestNets.sequence(seed, NB, NI, NT, f, DataType.DOUBLE);
        INDArray y = TestNets.sequence(seed + 1, NB, NOUT, NT, f, DataType.DOUBLE);
        INDArray m = TestNets.prefixMask(seed, NB, NT, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).inputMask(new INDArray[] {m})
                .labelMask(new INDArray[] {m}).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).subset(true).maxPerParam(16));
        assertTrue(ok, "gradient check failed");
    }

    @Test
    void lstmInComputationGraph() {
        checkGraph(TestNets.graph(lstm(0, 2, RNNFormat.NWC, NI), NI, NH, NOUT, RNNFormat.NWC, DataType.DOUBLE),
                RNNFormat.NWC, 50);
        checkGraph(TestNets.graph(lstm(4, 1, RNNFormat.NCW, NI), NI, NH, NOUT, RNNFormat.NCW, DataType.DOUBLE),
                RNNFormat.NCW, 51);
    }

    @Test
    void gruInComputationGraph() {
        for (boolean ra : new boolean[] {true, false}) {
            GRU gru = new GRU.Builder().nIn(NI).nOut(NH).resetAfter(ra).dataFormat(RNNFormat.NCW).build();
            checkGraph(TestNets.graph(gru, NI, NH, NOUT, RNNFormat.NCW, DataType.DOUBLE), RNNFormat.NCW, 60);
        }
    }

    @Test
    void bidirectionalInComputationGraph() {
        Layer bi = new Bidirectional(Bidirectional.Mode.CONCAT, lstm(1, 3, RNNFormat.NCW, NI));
        checkGraph(TestNets.graph(bi, NI, 2 * NH, NOUT, RNNFormat.NCW, DataType.DOUBLE), RNNFormat.NCW, 70);
        Layer biGru = new Bidirectional(Bidirectional.Mode.ADD,
                new GRU.Builder().nIn(NI).nOut(NH).resetAfter(false).dataFormat(RNNFormat.NWC).build());
        checkGraph(TestNets.graph(biGru, NI, NH, NOUT, RNNFormat.NWC, DataType.DOUBLE), RNNFormat.NWC, 71);
    }
}
