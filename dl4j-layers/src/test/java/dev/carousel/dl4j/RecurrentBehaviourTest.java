package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import java.util.Map;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Network-level behaviour under DL4J's default (enabled) workspaces: rnnTimeStep and stored state, truncated
 * BPTT, masked-step invariance (equations.md section 3), LastTimeStep and MaskZeroLayer wrappers; each on both
 * execution paths.
 */
class RecurrentBehaviourTest {

    @AfterEach
    void restorePath() {
        System.clearProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY);
    }

    private static void path(boolean ops) {
        if (ops) {
            System.setProperty(CarouselRecurrentLayer.ND4J_OPS_PROPERTY, "true");
        }
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    static MultiLayerNetwork stack(RNNFormat f, DataType dt) {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(3).dataType(dt).updater(new Adam(1e-2))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED).list()
                .layer(new PeepholeLSTM.Builder().nIn(3).nOut(6).dataFormat(f).build())
                .layer(new GRU.Builder().nIn(6).nOut(5).resetAfter(false).dataFormat(f).build())
                .layer(new GRU.Builder().nIn(5).nOut(4).resetAfter(true).dataFormat(f).build())
                .layer(TestNets.output(4, 2, f)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        net.setParams(Nd4j.rand(dt, 1, net.numParams()).subi(0.5));
        return net;
    }

    @ParameterizedTest(name = "ops={0}")
    @ValueSource(booleans = {false, true})
    void rnnTimeStepMatchesOutputAndStoredStateRoundTrips(boolean ops) {
        path(ops);
        MultiLayerNetwork net = stack(RNNFormat.NCW, DataType.DOUBLE);
        INDArray x = TestNets.sequence(5, 2, 3, 8, RNNFormat.NCW, DataType.DOUBLE);
        INDArray full = net.output(x);
        net.rnnClearPreviousState();
        INDArray first = net.rnnTimeStep(x.get(all(), all(), interval(0, 3)));
        Map<String, INDArray> s0 = net.rnnGetPreviousState(0);
        Map<String, INDArray> s1 = net.rnnGetPreviousState(1);
        Map<String, INDArray> s2 = net.rnnGetPreviousState(2);
        INDArray single = net.rnnTimeStep(x.get(all(), all(), point(3)));       // rank 2: one step
        INDArray rest = net.rnnTimeStep(x.get(all(), all(), interval(4, 8)));
        assertTrue(maxAbsDiff(full.get(all(), all(), interval(0, 3)), first) < 1e-12);
        assertTrue(maxAbsDiff(full.get(all(), all(), point(3)), single) < 1e-12);
        assertTrue(maxAbsDiff(full.get(all(), all(), interval(4, 8)), rest) < 1e-12);
        // clear, restore the state after step 3, and continue: same outputs
        net.rnnClearPreviousState();
        net.rnnSetPreviousState(0, s0);
        net.rnnSetPreviousState(1, s1);
        net.rnnSetPreviousState(2, s2);
        INDArray again = net.rnnTimeStep(x.get(all(), all(), interval(3, 8)));
        assertTrue(maxAbsDiff(full.get(all(), all(), interval(3, 8)), again) < 1e-12);
        assertEquals(2, s0.size());                                           // h and c
        assertEquals(1, s1.size());
    }

    @ParameterizedTest(name = "ops={0}")
    @ValueSource(booleans = {false, true})
    void truncatedBpttTrainsUnderWorkspaces(boolean ops) {
        path(ops);
        // NCW only: MultiLayerNetwork.doTruncatedBPTT in M2.1 reads the time length from dimension 2 whatever the
        // format, so with NWC it runs no segment at all (observed with DL4J's own LSTM too: the score never moves).
        for (RNNFormat f : new RNNFormat[] {RNNFormat.NCW}) {
            MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                    .updater(new Adam(2e-2)).trainingWorkspaceMode(WorkspaceMode.ENABLED).list()
                    .layer(new PeepholeLSTM.Builder().nIn(3).nOut(6).dataFormat(f).build())
                    .layer(new GRU.Builder().nIn(6).nOut(5).dataFormat(f).build())
                    .layer(TestNets.output(5, 2, f))
                    .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(5).tBPTTBackwardLength(5).build();
            MultiLayerNetwork net = new MultiLayerNetwork(c);
            net.init();
            INDArray x = TestNets.sequence(7, 4, 3, 23, f, DataType.FLOAT);
            INDArray y = x.get(all(), f == RNNFormat.NCW ? interval(0, 2) : all(),
                    f == RNNFormat.NCW ? all() : interval(0, 2)).mul(0.5);
            INDArray m = TestNets.prefixMask(8, 4, 23, DataType.FLOAT);
            org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x, y, m, m);
            double before = net.score(ds);
            for (int i = 0; i < 15; i++) {
                net.fit(ds);
            }
            double after = net.score(ds);
            assertTrue(Double.isFinite(after) && after < before, f + ": score " + before + " -> " + after);
        }
    }

    @ParameterizedTest(name = "ops={0}")
    @ValueSource(booleans = {false, true})
    void maskedStepsOutputZeroCarryStateAndPassNoGradient(boolean ops) {
        path(ops);
        for (RNNFormat f : RNNFormat.values()) {
            MultiLayerNetwork net = stack(f, DataType.DOUBLE);
            int nB = 3;
            int nT = 7;
            INDArray x = TestNets.sequence(9, nB, 3, nT, f, DataType.DOUBLE);
            INDArray m = TestNets.prefixMask(10, nB, nT, DataType.DOUBLE);
            m.putScalar(0, 2, 0.0);                                            // a hole inside sequence 0
            INDArray x2 = x.dup();
            INDArray noise = TestNets.sequence(11, nB, 3, nT, f, DataType.DOUBLE);
            for (int b = 0; b < nB; b++) {
                for (int t = 0; t < nT; t++) {
                    if (m.getDouble(b, t) == 0.0) {
                        if (f == RNNFormat.NCW) {
                            x2.get(point(b), all(), point(t)).assign(noise.get(point(b), all(), point(t)));
                        } else {
                            x2.get(point(b), point(t), all()).assign(noise.get(point(b), point(t), all()));
                        }
                    }
                }
            }
            INDArray y = TestNets.sequence(12, nB, 2, nT, f, DataType.DOUBLE);
            INDArray h1 = net.feedForward(x, m, m).get(1);
            INDArray h1b = net.feedForward(x2, m, m).get(1);
            assertTrue(maxAbsDiff(h1, h1b) == 0.0, "masked input steps changed the outputs");
            for (int b = 0; b < nB; b++) {
                for (int t = 0; t < nT; t++) {
                    if (m.getDouble(b, t) == 0.0) {
                        INDArray yt = f == RNNFormat.NCW ? h1.get(point(b), all(), point(t)) : h1.get(point(b), point(t), all());
                        assertEquals(0.0, yt.amaxNumber().doubleValue(), "output at a masked step must be 0");
                    }
                }
            }
            net.setInput(x);
            net.setLabels(y);
            net.setLayerMaskArrays(m, m);
            net.computeGradientAndScore();
            INDArray g1 = net.gradient().gradient().dup();
            net.setInput(x2);
            net.setLayerMaskArrays(m, m);
            net.computeGradientAndScore();
            INDArray g2 = net.gradient().gradient().dup();
            assertEquals(0.0, maxAbsDiff(g1, g2), "masked steps changed the gradient");
            net.clearLayerMaskArrays();
        }
    }

    @Test
    void maskedStepCarriesTheState() {
        // a sequence with a masked hole gives, at the end, the same state as the sequence with the hole removed
        MultiLayerNetwork net = stack(RNNFormat.NCW, DataType.DOUBLE);
        CarouselRecurrentLayer<?> lstm = (CarouselRecurrentLayer<?>) net.getLayer(0);
        INDArray x = TestNets.sequence(13, 1, 3, 6, RNNFormat.NCW, DataType.DOUBLE);
        INDArray m = Nd4j.ones(DataType.DOUBLE, 1, 6);
        m.putScalar(0, 2, 0.0);
        m.putScalar(0, 5, 0.0);
        INDArray compact = Nd4j.concat(2, x.get(all(), all(), interval(0, 2)), x.get(all(), all(), interval(3, 5)));
        Map<String, INDArray> finA = new java.util.HashMap<>();
        Map<String, INDArray> finB = new java.util.HashMap<>();
        lstm.setMaskArray(m);
        lstm.forwardFrom(x, null, finA, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        lstm.setMaskArray(null);
        lstm.forwardFrom(compact, null, finB, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        for (String k : finA.keySet()) {
            assertTrue(maxAbsDiff(finA.get(k), finB.get(k)) < 1e-14, k);
        }
    }

    @ParameterizedTest(name = "ops={0}")
    @ValueSource(booleans = {false, true})
    void lastTimeStepPicksTheStateAfterEachSequencesLastStep(boolean ops) {
        path(ops);
        // DL4J's LastTimeStepLayer allocates its output in the default dtype (float), whatever the network's
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Layer inner = new PeepholeLSTM.Builder().nIn(3).nOut(4).dataFormat(RNNFormat.NCW).build();
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).list()
                .layer(new LastTimeStep(inner))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(4).nOut(1).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        INDArray x = TestNets.sequence(14, 3, 3, 6, RNNFormat.NCW, DataType.DOUBLE);
        INDArray m = TestNets.prefixMask(15, 3, 6, DataType.DOUBLE);
        INDArray last = net.feedForwardToLayer(0, x, false).get(1);
        INDArray lastMasked = net.feedForward(x, m, null).get(1);
        // the same layer on each sequence truncated to its length
        CarouselRecurrentLayer<?> lstm = (CarouselRecurrentLayer<?>)
                ((org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer) net.getLayer(0)).getUnderlying();
        for (int b = 0; b < 3; b++) {
            int len = m.getRow(b).sumNumber().intValue();
            Map<String, INDArray> fin = new java.util.HashMap<>();
            lstm.setMaskArray(null);
            lstm.forwardFrom(x.get(interval(b, b + 1), all(), interval(0, len)), null, fin,
                    org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            assertTrue(maxAbsDiff(lastMasked.getRow(b), fin.get(CarouselRecurrentLayer.STATE_KEY_H).getRow(0)) < 1e-12,
                    "dt=" + lastMasked.dataType() + " " + fin.get(CarouselRecurrentLayer.STATE_KEY_H).dataType() + " " + lstm.getParam("W").dataType() + " diff=" + maxAbsDiff(lastMasked.getRow(b), fin.get(CarouselRecurrentLayer.STATE_KEY_H).getRow(0)) + " b=" + b + " len=" + len + " got " + lastMasked.getRow(b) + " expected "
                            + fin.get(CarouselRecurrentLayer.STATE_KEY_H) + " unmasked " + last.getRow(b) + " mask " + m);
        }
        assertNotEquals(0.0, maxAbsDiff(last, lastMasked));
        INDArray labels = Nd4j.rand(DataType.DOUBLE, 3, 1);
        net.fit(new org.nd4j.linalg.dataset.DataSet(x, labels, m, null));       // training under workspaces
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @ParameterizedTest(name = "ops={0}")
    @ValueSource(booleans = {false, true})
    void maskZeroLayerEqualsAnExplicitMask(boolean ops) {
        path(ops);
        GRU gru = new GRU.Builder().nIn(3).nOut(4).dataFormat(RNNFormat.NCW).build();
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).list()
                .layer(new MaskZeroLayer.Builder().underlying(gru).maskValue(0.0).build())
                .layer(TestNets.output(4, 2, RNNFormat.NCW)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        INDArray x = TestNets.sequence(16, 3, 3, 6, RNNFormat.NCW, DataType.DOUBLE);
        INDArray m = TestNets.prefixMask(17, 3, 6, DataType.DOUBLE);
        INDArray xz = x.mul(m.reshape(3, 1, 6).broadcast(3, 3, 6));              // padded steps all zero
        INDArray viaMaskZero = net.feedForwardToLayer(0, xz, false).get(1);
        MultiLayerNetwork plain = TestNets.mln(new GRU.Builder().nIn(3).nOut(4).dataFormat(RNNFormat.NCW).build(), 4, 2,
                RNNFormat.NCW, DataType.DOUBLE, null);
        plain.setParams(net.params());
        plain.setLayerMaskArrays(m, m);
        INDArray viaMask = plain.feedForward(x, m, m).get(1);
        assertTrue(maxAbsDiff(viaMaskZero, viaMask) < 1e-12);
        net.fit(xz, TestNets.sequence(18, 3, 2, 6, RNNFormat.NCW, DataType.DOUBLE));
    }

    @ParameterizedTest(name = "ops={0}")
    @ValueSource(booleans = {false, true})
    void backpropFromKeptForwardCachesEqualsRecomputation(boolean ops) {
        path(ops);
        for (org.deeplearning4j.nn.conf.layers.Layer conf : new org.deeplearning4j.nn.conf.layers.Layer[] {
            new PeepholeLSTM.Builder().nIn(3).nOut(5).build(), new GRU.Builder().nIn(3).nOut(5).resetAfter(false).build()}) {
            MultiLayerNetwork net = TestNets.mln(conf, 5, 2, RNNFormat.NCW, DataType.DOUBLE, null);
            net.initGradientsView();
            CarouselRecurrentLayer<?> layer = (CarouselRecurrentLayer<?>) net.getLayer(0);
            INDArray x = TestNets.sequence(22, 3, 3, 6, RNNFormat.NCW, DataType.DOUBLE);
            INDArray eps = TestNets.sequence(23, 3, 5, 6, RNNFormat.NCW, DataType.DOUBLE);
            org.deeplearning4j.nn.workspace.LayerWorkspaceMgr noWs =
                    org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
            layer.setMaskArray(TestNets.prefixMask(24, 3, 6, DataType.DOUBLE));
            layer.activate(x, true, noWs);                                      // keeps its caches
            org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> kept =
                    layer.backpropGradient(eps, noWs);
            INDArray g1 = layer.getGradientsViewArray().dup();
            INDArray e1 = kept.getSecond().dup();
            org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> recomputed =
                    layer.backpropFrom(eps, null, null, noWs);                  // recomputes the forward pass
            assertEquals(0.0, maxAbsDiff(g1, layer.getGradientsViewArray()));
            assertEquals(0.0, maxAbsDiff(e1, recomputed.getSecond()));
            assertTrue(g1.amaxNumber().doubleValue() > 0);
        }
    }

    @Test
    void bidirectionalTrainsUnderWorkspaces() {
        MultiLayerNetwork net = TestNets.mln(new Bidirectional(new PeepholeLSTM.Builder().nIn(3).nOut(4)
                .dataFormat(RNNFormat.NWC).build()), 8, 2, RNNFormat.NWC, DataType.FLOAT, new Adam(1e-2));
        INDArray x = TestNets.sequence(19, 3, 3, 9, RNNFormat.NWC, DataType.FLOAT);
        INDArray m = TestNets.prefixMask(20, 3, 9, DataType.FLOAT);
        INDArray y = TestNets.sequence(21, 3, 2, 9, RNNFormat.NWC, DataType.FLOAT);
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x, y, m, m);
        double before = net.score(ds);
        for (int i = 0; i < 10; i++) {
            net.fit(ds);
        }
        assertTrue(net.score(ds) < before);
    }
}
