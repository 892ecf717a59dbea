package dev.carousel.djl.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.carousel.spec.RelativeError;
import dev.carousel.testing.RandomArrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The safe losses against hand-computed float64 values and gradients (and DJL's own losses' values), and a
 * regression test for DJL 0.35.1's {@code mul(Number)} hazard under garbage-collection pressure.
 */
class SafeLossesTest {
    private static final int B = 3;
    private static final int C = 5;

    /** Predictions and targets: uniform in [-sqrt(3), sqrt(3)), unit variance. */
    private static double[] random(Random r, int n) {
        return RandomArrays.uniform(r, n, Math.sqrt(3));
    }

    /** loss value and d loss / d prediction of one evaluate + backward. */
    private static double[][] run(Loss loss, NDManager m, double[] pred, Shape shape, NDArray label) {
        NDArray p = m.create(pred, shape).duplicate();
        p.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.evaluate(new NDList(label), new NDList(p));
            gc.backward(l);
            return new double[][] {{l.getDouble()}, p.getGradient().toDoubleArray()};
        }
    }

    private static void assertClose(String what, double[] expected, double[] actual) {
        double e = RelativeError.of(actual, expected);
        assertTrue(e <= 1e-12, what + ": relative error " + e);
    }

    @Test
    void l2AndL1MatchHandComputedValuesAndGradients() {
        Random r = new Random(3);
        double[] p = random(r, B * C);
        double[] y = random(r, B * C);
        int n = p.length;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray label = m.create(y, new Shape(B * C)).duplicate();     // reshaped to the prediction's shape
            for (float w : new float[] {0.5f, 0.3f}) {
                double value = 0;
                double[] grad = new double[n];
                for (int k = 0; k < n; k++) {
                    value += w * (y[k] - p[k]) * (y[k] - p[k]) / n;
                    grad[k] = 2 * w * (p[k] - y[k]) / n;
                }
                Loss ours = w == 0.5f ? SafeLosses.l2() : SafeLosses.l2("L2Loss", w);
                double[][] got = run(ours, m, p, new Shape(B, C), label);
                assertClose("L2 w=" + w + " value", new double[] {value}, got[0]);
                assertClose("L2 w=" + w + " gradient", grad, got[1]);
                Loss djl = w == 0.5f ? Loss.l2Loss() : Loss.l2Loss("L2Loss", w);
                assertClose("L2 w=" + w + " value vs DJL", run(djl, m, p, new Shape(B, C), label)[0], got[0]);
                assertEquals(djl.getName(), ours.getName());
            }
            for (float w : new float[] {1f, 0.3f}) {
                double value = 0;
                double[] grad = new double[n];
                for (int k = 0; k < n; k++) {
                    value += w * Math.abs(y[k] - p[k]) / n;
                    grad[k] = w * Math.signum(p[k] - y[k]) / n;
                }
                Loss ours = w == 1f ? SafeLosses.l1() : SafeLosses.l1("L1Loss", w);
                double[][] got = run(ours, m, p, new Shape(B, C), label);
                assertClose("L1 w=" + w + " value", new double[] {value}, got[0]);
                assertClose("L1 w=" + w + " gradient", grad, got[1]);
                if (w == 1f) {
                    assertClose("L1 value vs DJL", run(Loss.l1Loss(), m, p, new Shape(B, C), label)[0], got[0]);
                }
            }
        }
    }

    @Test
    void softmaxCrossEntropyMatchesHandComputedValuesAndGradients() {
        Random r = new Random(4);
        double[] z = random(r, B * C);
        int[] cls = {3, 0, 4};
        double[] dist = new double[B * C];
        for (int b = 0; b < B; b++) {
            double s = 0;
            for (int c = 0; c < C; c++) {
                dist[b * C + c] = r.nextDouble();
                s += dist[b * C + c];
            }
            for (int c = 0; c < C; c++) {
                dist[b * C + c] /= s;
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean sparse : new boolean[] {true, false}) {
                for (float w : new float[] {1f, 2.5f}) {
                    double value = 0;
                    double[] grad = new double[B * C];
                    for (int b = 0; b < B; b++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int c = 0; c < C; c++) {
                            max = Math.max(max, z[b * C + c]);
                        }
                        double s = 0;
                        for (int c = 0; c < C; c++) {
                            s += Math.exp(z[b * C + c] - max);
                        }
                        double lse = max + Math.log(s);
                        double mass = 0;
                        for (int c = 0; c < C; c++) {
                            double t = sparse ? (c == cls[b] ? 1 : 0) : dist[b * C + c];
                            value -= w * t * (z[b * C + c] - lse) / B;
                            mass += t;
                        }
                        for (int c = 0; c < C; c++) {
                            double t = sparse ? (c == cls[b] ? 1 : 0) : dist[b * C + c];
                            grad[b * C + c] = w * (mass * Math.exp(z[b * C + c] - lse) - t) / B;
                        }
                    }
                    NDArray label = sparse ? m.create(cls) : m.create(dist, new Shape(B, C)).duplicate();
                    Loss ours = w == 1f && sparse ? SafeLosses.softmaxCrossEntropy()
                            : SafeLosses.softmaxCrossEntropy("SoftmaxCrossEntropyLoss", w, -1, sparse, true);
                    double[][] got = run(ours, m, z, new Shape(B, C), label);
                    String what = "SCE sparse=" + sparse + " w=" + w;
                    assertClose(what + " value", new double[] {value}, got[0]);
                    assertClose(what + " gradient", grad, got[1]);
                    Loss djl = w == 1f && sparse ? Loss.softmaxCrossEntropyLoss()
                            : Loss.softmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", w, -1, sparse, true);
                    assertClose(what + " value vs DJL", run(djl, m, z, new Shape(B, C), label)[0], got[0]);
                }
            }
            // class axis 1 of a [B, C, 2] prediction, float labels holding indices
            NDArray p3 = m.create(random(r, B * C * 2), new Shape(B, C, 2)).duplicate();
            NDArray lab = m.create(new float[] {0, 4, 2, 2, 1, 3}, new Shape(B, 2));
            Loss ours = SafeLosses.softmaxCrossEntropy("SCE", 1f, 1, true, true);
            Loss djl = Loss.softmaxCrossEntropyLoss("SCE", 1f, 1, true, true);
            assertClose("axis 1", new double[] {djl.evaluate(new NDList(lab.toType(DataType.INT64, false)
                    .reshape(B, 1, 2)),
                    new NDList(p3)).getDouble()}, new double[] {ours.evaluate(new NDList(lab), new NDList(p3))
                    .getDouble()});
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> SafeLosses.softmaxCrossEntropy().evaluate(
                            new NDList(m.create(new int[] {0, 5, 1})), new NDList(m.create(z, new Shape(B, C)))));
            assertTrue(e.getMessage().contains("[0, 5)") && e.getMessage().contains("got 5.0"), e.getMessage());
        }
    }

    /**
     * Many small training steps with {@code System.gc()} and allocation churn between forward and backward; counts
     * the steps whose gradient differs from the hand-computed one.
     */
    static int badSteps(Loss loss, int steps, long budgetMillis) {
        Random r = new Random(11);
        int bad = 0;
        long end = System.currentTimeMillis() + budgetMillis;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 0; k < steps && System.currentTimeMillis() < end; k++) {
                try (NDManager step = m.newSubManager()) {
                    double[] p = random(r, 8);
                    double[] y = random(r, 8);
                    NDArray pred = step.create(p, new Shape(2, 4)).duplicate();
                    pred.setRequiresGradient(true);
                    NDArray label = step.create(y, new Shape(2, 4)).duplicate();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss.evaluate(new NDList(label), new NDList(pred));
                        byte[][] churn = new byte[64][];
                        for (int j = 0; j < churn.length; j++) {
                            churn[j] = new byte[1 << 14];
                            step.create(new double[32]).close();     // direct buffers for the collector to free
                        }
                        System.gc();
                        for (int j = 0; j < 8; j++) {
                            step.create(new float[] {j, j + 1, j + 2, j + 3});   // reuse of freed native memory
                        }
                        gc.backward(l);
                    }
                    double[] g = pred.getGradient().toDoubleArray();
                    for (int j = 0; j < g.length; j++) {
                        double want = (p[j] - y[j]) / 8;          // d/dp mean(½ (y - p)²)
                        if (Math.abs(g[j] - want) > 1e-12 * Math.max(1, Math.abs(want))) {
                            bad++;
                            break;
                        }
                    }
                }
            }
        }
        return bad;
    }

    /** DJL 0.35.1's L1Loss with a weight other than 1 returns mean(weight · label): the prediction drops out. */
    @Test
    void djlL1LossWithAWeightIgnoresThePrediction() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray label = m.create(new double[] {1, -2, 4}).duplicate();
            NDArray pred = m.create(new double[] {0.5, 0.5, 0.5}).duplicate();
            assertEquals(0.3f * 1.0, Loss.l1Loss("L1Loss", 0.3f).evaluate(new NDList(label), new NDList(pred))
                    .getDouble(), 1e-7, "DJL: mean(0.3 label)");
            assertEquals(0.3 * (0.5 + 2.5 + 3.5) / 3, SafeLosses.l1("L1Loss", 0.3f).evaluate(new NDList(label),
                    new NDList(pred)).getDouble(), 1e-7, "ours: mean(0.3 |label - prediction|)");
        }
    }

    @Test
    void l2GradientsSurviveGarbageCollection() {
        int djlBad = badSteps(Loss.l2Loss(), 150, 2000);
        int oursBad = badSteps(SafeLosses.l2(), 150, 2000);
        System.out.println("GC pressure: DJL Loss.l2Loss bad steps " + djlBad + ", SafeLosses.l2 bad steps " + oursBad);
        // the harness reproduces the hazard (measured: 218 of 300 steps with DJL's loss), so it can fail
        assertTrue(djlBad > 0, "the harness no longer reproduces DJL's Loss.l2Loss hazard");
        assertEquals(0, oursBad, "SafeLosses.l2(): steps with wrong gradients under GC pressure");
    }
}
