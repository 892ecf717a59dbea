package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.host.HostThreads;
import dev.carousel.dl4j.host.RecurrentProduct;
import dev.carousel.dl4j.layers.CarouselRecurrentLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU path split across threads ({@code -Dcarousel.dl4j.threads=N}, batch rows in blocks) gives what the
 * one-thread path gives. Where the per-step products run in Java loops, every per-example quantity (outputs, final
 * and stored states, dL/dx, dL/d(initial state)) and the weight gradients, which come from the same products over
 * the same per-step gradients, bit for bit, and the bias and peephole gradients, which add per-block partial sums,
 * within a few ulps. Where they run in CBLAS on blocks of rows, everything within float rounding carried through
 * the steps (OpenBLAS may add a block of m rows in another order than the whole batch). Odd batch sizes (blocks
 * of unequal size, more threads than rows), masks, initial states, a final-state gradient and stateful
 * {@code rnnTimeStep}; both LSTM variants and both GRU forms; a small layer (Java products) and a larger one (CBLAS
 * products on row blocks).
 */
class ThreadedRowBlocksTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @AfterEach
    void restore() {
        System.clearProperty(HostThreads.PROPERTY);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : new String[] {"lstmPeephole", "lstmCifg", "gruAfter", "gruBefore"}) {
            for (int hidden : new int[] {6, 48}) {
                for (int batch : new int[] {1, 5, 8}) {
                    for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                        out.add(Arguments.of(kind, hidden, batch, dt));
                    }
                }
            }
        }
        return out.stream();
    }

    private static Layer conf(String kind, int nIn, int hidden) {
        switch (kind) {
            case "lstmPeephole":
                return new PeepholeLSTM.Builder().nIn(nIn).nOut(hidden).peepholes(true).build();
            case "lstmCifg":
                return new PeepholeLSTM.Builder().nIn(nIn).nOut(hidden).peepholes(true).coupledInputForget(true)
                        .build();
            case "gruAfter":
                return new GRU.Builder().nIn(nIn).nOut(hidden).resetAfter(true).build();
            case "gruBefore":
                return new GRU.Builder().nIn(nIn).nOut(hidden).resetAfter(false).build();
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    /** Everything one thread setting computes, as doubles, keyed by name. */
    private static Map<String, double[]> run(String threads, String kind, int hidden, int batch, DataType dt) {
        System.setProperty(HostThreads.PROPERTY, threads);
        int nIn = 3;
        int nT = 7;
        MultiLayerNetwork net = TestNets.mln(conf(kind, nIn, hidden), hidden, 2, RNNFormat.NCW, dt, null);
        Nd4j.getRandom().setSeed(11);
        net.setParams(Nd4j.rand(dt, 1, net.numParams()).subi(0.5));   // asymmetric, peepholes non-zero
        net.initGradientsView();
        CarouselRecurrentLayer<?> layer = (CarouselRecurrentLayer<?>) net.getLayer(0);
        INDArray x = TestNets.sequence(21, batch, nIn, nT, RNNFormat.NCW, dt);
        INDArray eps = TestNets.sequence(22, batch, hidden, nT, RNNFormat.NCW, dt);
        Map<String, double[]> r = new HashMap<>();
        for (boolean masked : new boolean[] {false, true}) {
            String m = masked ? "masked." : "";
            layer.setMaskArray(masked ? TestNets.prefixMask(23, batch, nT, dt) : null);
            r.put(m + "inference", layer.activate(x, false, NO_WS).castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
            r.put(m + "training", layer.activate(x, true, NO_WS).castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
            Pair<Gradient, INDArray> g = layer.backpropGradient(eps, NO_WS);
            r.put(m + "dx", g.getSecond().castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
            for (Map.Entry<String, INDArray> e : g.getFirst().gradientForVariable().entrySet()) {
                r.put(m + "grad." + e.getKey(), e.getValue().castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
            }
            // from an explicit initial state, with a final-state gradient
            Map<String, INDArray> init = new HashMap<>();
            Map<String, INDArray> dFinal = new HashMap<>();
            Nd4j.getRandom().setSeed(24);
            init.put(CarouselRecurrentLayer.STATE_KEY_H, Nd4j.rand(dt, batch, hidden).subi(0.5));
            dFinal.put(CarouselRecurrentLayer.STATE_KEY_H, Nd4j.rand(dt, batch, hidden).subi(0.5));
            if (kind.startsWith("lstm")) {
                init.put(CarouselRecurrentLayer.STATE_KEY_C, Nd4j.rand(dt, batch, hidden).subi(0.5));
                dFinal.put(CarouselRecurrentLayer.STATE_KEY_C, Nd4j.rand(dt, batch, hidden).subi(0.5));
            }
            Map<String, INDArray> fin = new HashMap<>();
            r.put(m + "from.y", layer.forwardFrom(x, init, fin, NO_WS).castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
            fin.forEach((k, v) -> r.put(m + "from.final." + k, v.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector()));
            Pair<Gradient, INDArray> gf = layer.backpropFrom(eps, init, dFinal, NO_WS);
            r.put(m + "from.dx", gf.getSecond().castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
            for (Map.Entry<String, INDArray> e : gf.getFirst().gradientForVariable().entrySet()) {
                r.put(m + "from.grad." + e.getKey(), e.getValue().castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
            }
            layer.getInitialStateGradient().forEach((k, v) ->
                    r.put(m + "from.dInit." + k, v.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector()));
        }
        // stateful streaming: two chunks, then one step at a time
        layer.setMaskArray(null);
        layer.rnnClearPreviousState();
        INDArray a = layer.rnnTimeStep(x.get(all(), all(), interval(0, 4)), NO_WS);
        INDArray b = layer.rnnTimeStep(x.get(all(), all(), interval(4, 6)), NO_WS);
        INDArray c = layer.rnnTimeStep(x.get(all(), all(), interval(6, 7)), NO_WS);
        r.put("stream.a", a.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
        r.put("stream.b", b.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
        r.put("stream.c", c.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector());
        layer.rnnGetPreviousState().forEach((k, v) ->
                r.put("stream.state." + k, v.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector()));
        return r;
    }

    /** Gradients that add per-block partial sums over the batch: equal within the data type's rounding. */
    private static boolean summedOverBatch(String key) {
        return key.endsWith("grad.b") || key.endsWith("grad.bh") || key.endsWith("grad.P");
    }

    @ParameterizedTest(name = "{0} H={1} B={2} {3}")
    @MethodSource("cases")
    void splitBatchMatchesOneThread(String kind, int hidden, int batch, DataType dt) {
        Map<String, double[]> one = run("1", kind, hidden, batch, dt);
        // Java-loop products compute every row alike whatever the block; OpenBLAS's kernels for a block of m rows may
        // add in another order than for the whole batch (edge kernels), so those rows agree to rounding only
        int width = kind.startsWith("lstm") ? (kind.equals("lstmCifg") ? 3 : 4) * hidden : 3 * hidden;
        boolean cblas = (long) batch * hidden * width > RecurrentProduct.HOST_LIMIT;
        for (String threads : new String[] {"2", "3"}) {
            Map<String, double[]> many = run(threads, kind, hidden, batch, dt);
            assertEquals(Math.min(Integer.parseInt(threads), batch), HostThreads.blocks(batch, 7, hidden, 1),
                    "the property sets the number of row blocks");
            assertEquals(one.keySet(), many.keySet());
            for (String key : one.keySet()) {
                double[] e = one.get(key);
                double[] a = many.get(key);
                String what = kind + " H=" + hidden + " B=" + batch + " " + dt + " threads=" + threads + ": " + key;
                if (!summedOverBatch(key) && !cblas) {
                    assertArrayEquals(e, a, 0.0, what);
                    continue;
                }
                double ulp = dt == DataType.FLOAT ? 0x1p-23 : 0x1p-52;
                // a sum over the batch: a few ulps; a CBLAS block product: rounding carried through the 7 steps
                double units = summedOverBatch(key) && !cblas ? 4.0 * batch : 256.0;
                for (int k = 0; k < e.length; k++) {
                    double tol = units * ulp * Math.max(1.0, Math.abs(e[k]));
                    assertEquals(e[k], a[k], tol, what + "[" + k + "]");
                }
            }
        }
    }

    @Test
    void gradientKeysThatSumOverTheBatchAreTheBiasAndPeepholeOnes() {
        Map<String, double[]> r = run("1", "lstmPeephole", 6, 2, DataType.DOUBLE);
        long summed = r.keySet().stream().filter(k -> k.startsWith("grad.") && summedOverBatch(k)).count();
        assertEquals(2, summed, "bias and peephole gradient keys of the LSTM: " + r.keySet());
    }

    @Test
    void casesCoverBothProductKinds() {
        // H=48, B>=5: B*H*width above the Java-loop limit, so the per-block products go through CBLAS; H=6: Java
        assertTrue(5L * 48 * 144 > RecurrentProduct.HOST_LIMIT);
        assertTrue(8L * 6 * 24 <= RecurrentProduct.HOST_LIMIT);
    }

    @Test
    void autoChoiceFollowsShapeAndMachine() {
        assertEquals(1, HostThreads.auto(1, 100, 4, 16, 2, 2.0), "the 1997 nets stay on one thread");
        assertEquals(1, HostThreads.auto(1, 100, 128, 512, 2, 2.0), "batch 1 cannot be split");
        assertEquals(2, HostThreads.auto(32, 100, 128, 512, 2, 2.0));
        assertEquals(1, HostThreads.auto(32, 100, 128, 512, 1, 1.0), "one processor");
        assertEquals(1, HostThreads.auto(32, 100, 128, 512, 2, 1.1), "the other core is busy");
        assertEquals(2, HostThreads.auto(32, 100, 128, 512, 2, 1.8), "about two cores free");
        assertEquals(3, HostThreads.auto(12, 100, 128, 512, 16, 16.0),
                "at least " + HostThreads.MIN_ROWS + " rows each");
        assertEquals(1, HostThreads.auto(32, 110, 4, 16, 2, 2.0), "too little work to hand over");
        assertEquals(1, HostThreads.auto(32, 100, 128, 512, 2, 2.0, false), "inference: 16-row blocks too small");
        assertEquals(2, HostThreads.auto(64, 50, 512, 2048, 2, 2.0, false), "inference at the large shape");
        assertEquals(2, HostThreads.auto(64, 50, 512, 2048, 2, 2.0, true));
    }

    @Test
    void badPropertyValueIsRefused() {
        System.setProperty(HostThreads.PROPERTY, "two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostThreads.blocks(8, 10, 16, 64));
        assertTrue(e.getMessage().contains("carousel.dl4j.threads") && e.getMessage().contains("'two'"),
                e.getMessage());
        System.setProperty(HostThreads.PROPERTY, "0");
        assertThrows(IllegalArgumentException.class, () -> HostThreads.blocks(8, 10, 16, 64));
    }
}
