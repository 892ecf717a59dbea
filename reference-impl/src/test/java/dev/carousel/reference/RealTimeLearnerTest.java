package dev.carousel.reference;

import dev.carousel.testing.RandomArrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.Activation;
import dev.carousel.spec.LstmSpec;
import dev.carousel.spec.MemoryBlockSpec;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RealTimeLearner}, the paper's real-time rule: (a) at fixed weights its per-step contributions sum to the
 * truncated per-sequence gradient of {@link MemoryBlockCell}; (b) its traces ∂s_c/∂w after every step, and with
 * per-step updates its weights after every step, equal an independent forward-mode learner written here with plain
 * loops from the paper's equations (25), (27) and Appendix A.1; (c) a hand-checkable two-target sequence where the
 * second step's gradient uses the weights the first step changed.
 */
class RealTimeLearnerTest {

    /** A memory-block network of the given shape with asymmetric random weights. */
    private record Config(String name, MemoryBlockSpec spec, int outputs, boolean outputBias) {
        RecurrentNetwork build(long seed) {
            RecurrentNetwork net = RecurrentNetwork.ofMemoryBlocks(spec, outputs, outputBias,
                    MemoryBlockGradient.TRUNCATED_1997);
            Random rng = new Random(seed);
            for (Param p : net.params()) {
                RandomArrays.fill(p.value, rng, 0.8);
            }
            return net;
        }
    }

    private static final List<Config> CONFIGS = List.of(
            // the 1997 net of experiments 3-6: connectivity F, output gates, every hidden unit and the outputs biased
            new Config("F 2x2 biased", new MemoryBlockSpec(3, true, 2, 2, true, false, true, true,
                    Activation.SQUASH_G1997, Activation.SQUASH_H1997), 2, true),
            // forget gates (Gers 2000) multiply the traces; only the gates biased, no output bias
            new Config("F 3x1 forget", new MemoryBlockSpec(4, true, 3, 1, true, true, true, false,
                    Activation.SQUASH_G1997, Activation.SQUASH_H1997), 3, false),
            // experiment 2a: connectivity B (input shortcut to the outputs), input gate only, nothing biased
            new Config("B 1x1 2a", new MemoryBlockSpec(3, false, 1, 1, false, false, false, false,
                    Activation.SIGMOID, Activation.IDENTITY), 2, false),
            // connectivity B with output and forget gates, all biased
            new Config("B 2x2 gates", new MemoryBlockSpec(3, false, 2, 2, true, true, true, true,
                    Activation.TANH, Activation.SQUASH_H1997), 2, true));

    private static final boolean[] MASK = {false, true, false, false, true, true, false, true};

    private static double[][] inputs(Random rng, int time, int in) {
        double[][] x = RandomArrays.sequence(rng, 1, time, in, 1.0)[0];
        for (double[] row : x) {
            row[rng.nextInt(in)] = 0.0;                  // zeros exercise the one-hot shortcuts
        }
        return x;
    }

    private static double[][] targets(Random rng, int time, int out) {
        double[][] d = new double[time][out];
        for (double[] row : d) {
            for (int k = 0; k < out; k++) {
                row[k] = rng.nextDouble();
            }
        }
        return d;
    }

    // ---------------------------------------------------------------- (a)

    @Test
    void perStepContributionsSumToTheTruncatedSequenceGradient() {
        for (Config c : CONFIGS) {
            RecurrentNetwork net = c.build(21);
            Random rng = new Random(22);
            double[][] x = inputs(rng, MASK.length, c.spec().inputSize());
            double[][] d = targets(rng, MASK.length, c.outputs());
            net.params().zeroGrad();
            double[][] yBackprop = net.forwardBackward(x, d, MASK);
            java.util.Map<String, double[]> expected = new java.util.LinkedHashMap<>();
            net.params().gradients().forEach((n, g) -> expected.put(n, g.clone()));
            java.util.Map<String, double[]> before = new java.util.LinkedHashMap<>();
            net.params().values().forEach((n, v) -> before.put(n, v.clone()));

            net.params().zeroGrad();
            RealTimeLearner learner = new RealTimeLearner(net, UpdateTiming.SEQUENCE, 1.0);
            double[][] y = learner.sequence(x, d, MASK);
            for (int t = 0; t < MASK.length; t++) {
                assertClose(yBackprop[t], y[t], c.name() + " y[" + t + "]");
            }
            expected.forEach((n, g) -> assertClose(g, net.params().get(n).grad, c.name() + " " + n));
            before.forEach((n, v) -> assertArrayEquals(v, net.params().get(n).value, c.name() + " " + n
                    + " changed in accumulate-only mode"));

            // per-step updates at rate 0 leave the weights alone as well
            RealTimeLearner still = new RealTimeLearner(net, UpdateTiming.STEP, 0.0);
            double[][] y0 = still.sequence(x, d, MASK);
            for (int t = 0; t < MASK.length; t++) {
                assertClose(yBackprop[t], y0[t], c.name() + " rate 0 y[" + t + "]");
            }
            before.forEach((n, v) -> assertArrayEquals(v, net.params().get(n).value, c.name() + " " + n));
        }
    }

    // ---------------------------------------------------------------- (b)

    @Test
    void tracesAfterEveryStepMatchAnIndependentForwardModeComputation() {
        for (Config c : CONFIGS) {
            RecurrentNetwork net = c.build(31);
            Random rng = new Random(32);
            double[][] x = inputs(rng, MASK.length, c.spec().inputSize());
            double[][] d = targets(rng, MASK.length, c.outputs());
            PaperRtrl paper = new PaperRtrl(c, net, 0.0);
            RealTimeLearner learner = new RealTimeLearner(net, UpdateTiming.SEQUENCE, 1.0);
            learner.startSequence();
            for (int t = 0; t < MASK.length; t++) {
                double[] yPaper = paper.step(x[t], MASK[t] ? d[t] : null);
                double[] y = learner.step(x[t], MASK[t] ? d[t] : null);
                assertClose(yPaper, y, c.name() + " y(" + t + ")");
                assertTraces(paper, learner.traces(), c, t);
            }
        }
    }

    @Test
    void perStepUpdatesMatchTheIndependentLearnerAfterEveryStep() {
        for (Config c : CONFIGS) {
            RecurrentNetwork net = c.build(41);
            Random rng = new Random(42);
            PaperRtrl paper = new PaperRtrl(c, net, 0.7);
            RealTimeLearner learner = new RealTimeLearner(net, UpdateTiming.STEP, 0.7);
            for (int seq = 0; seq < 3; seq++) {                   // the traces restart, the weights carry on
                double[][] x = inputs(rng, MASK.length, c.spec().inputSize());
                double[][] d = targets(rng, MASK.length, c.outputs());
                paper.reset();
                learner.startSequence();
                for (int t = 0; t < MASK.length; t++) {
                    double[] yPaper = paper.step(x[t], MASK[t] ? d[t] : null);
                    double[] y = learner.step(x[t], MASK[t] ? d[t] : null);
                    String at = c.name() + " sequence " + seq + " step " + t;
                    assertClose(yPaper, y, at + " y");
                    assertTraces(paper, learner.traces(), c, t);
                    assertClose(paper.w, net.params().get("hidden.w").value, at + " hidden.w");
                    assertClose(paper.b, net.params().get("hidden.b").value, at + " hidden.b");
                    assertClose(paper.wo, net.params().get("out.w").value, at + " out.w");
                    assertClose(paper.bo, net.params().get("out.b").value, at + " out.b");
                    if (paper.wx != null) {
                        assertClose(paper.wx, net.params().get("out.w_x").value, at + " out.w_x");
                    }
                }
            }
        }
    }

    private static void assertTraces(PaperRtrl paper, RealTimeLearner.Traces traces, Config c, int t) {
        for (int v = 0; v < c.spec().cells(); v++) {
            assertClose(paper.tc[v], traces.cellInput()[v], c.name() + " step " + t + " dS/dw_c, cell " + v);
            assertClose(paper.ti[v], traces.inputGate()[v], c.name() + " step " + t + " dS/dw_in, cell " + v);
            if (c.spec().forgetGates()) {
                assertClose(paper.tf[v], traces.forgetGate()[v], c.name() + " step " + t + " dS/dw_phi, cell " + v);
            }
        }
        assertEquals(c.spec().forgetGates(), traces.forgetGate() != null, c.name());
    }

    /**
     * The paper's learning rule written out independently (copies of the weights, plain loops): hidden unit order
     * cells, input gates, output gates, forget gates; sources z = (x(t), hidden units at t−1 with connectivity F,
     * bias 1); logistic output units, E = ½ Σ (d − y)².
     */
    private static final class PaperRtrl {
        final MemoryBlockSpec spec;
        final int in;
        final int cells;
        final int blocks;
        final int units;
        final int rec;
        final int cols;
        final int out;
        final boolean outputBias;
        final double alpha;
        final double[] w;
        final double[] b;
        final double[] wo;
        final double[] bo;
        final double[] wx;
        double[][] tc;
        double[][] ti;
        double[][] tf;
        double[] prev;
        double[] s;

        PaperRtrl(Config c, RecurrentNetwork net, double alpha) {
            spec = c.spec();
            in = spec.inputSize();
            cells = spec.cells();
            blocks = spec.blocks();
            units = cells + blocks * (1 + (spec.outputGates() ? 1 : 0) + (spec.forgetGates() ? 1 : 0));
            rec = spec.recurrentHidden() ? units : 0;
            cols = in + rec;
            out = c.outputs();
            outputBias = c.outputBias();
            this.alpha = alpha;
            w = net.params().get("hidden.w").value.clone();
            b = net.params().get("hidden.b").value.clone();
            wo = net.params().get("out.w").value.clone();
            bo = net.params().get("out.b").value.clone();
            wx = spec.recurrentHidden() ? null : net.params().get("out.w_x").value.clone();
            reset();
        }

        void reset() {
            tc = new double[cells][cols + 1];
            ti = new double[cells][cols + 1];
            tf = new double[cells][cols + 1];
            prev = new double[units];
            s = new double[cells];
        }

        int inGate(int j) {
            return cells + j;
        }

        int outGate(int j) {
            return cells + blocks + j;
        }

        int forgetGate(int j) {
            return cells + blocks * (spec.outputGates() ? 2 : 1) + j;
        }

        boolean biased(int u) {
            return u < cells ? spec.biasCells() : spec.biasGates();
        }

        static double sig(double v) {
            return 1 / (1 + Math.exp(-v));
        }

        static double f(Activation a, double v) {
            switch (a) {
                case SIGMOID: return sig(v);
                case TANH: return Math.tanh(v);
                case IDENTITY: return v;
                case SQUASH_G1997: return 4 * sig(v) - 2;
                case SQUASH_H1997: return 2 * sig(v) - 1;
                default: throw new AssertionError(a);
            }
        }

        static double fPrime(Activation a, double v) {
            switch (a) {
                case SIGMOID: return sig(v) * (1 - sig(v));
                case TANH: return 1 - Math.tanh(v) * Math.tanh(v);
                case IDENTITY: return 1;
                case SQUASH_G1997: return 4 * sig(v) * (1 - sig(v));
                case SQUASH_H1997: return 2 * sig(v) * (1 - sig(v));
                default: throw new AssertionError(a);
            }
        }

        double[] step(double[] x, double[] d) {
            double[] z = new double[cols + 1];
            System.arraycopy(x, 0, z, 0, in);
            System.arraycopy(prev, 0, z, in, rec);
            z[cols] = 1.0;
            double[] netIn = new double[units];
            double[] y = new double[units];
            for (int u = 0; u < units; u++) {
                double a = biased(u) ? b[u] : 0.0;
                for (int m = 0; m < cols; m++) {
                    a += w[u * cols + m] * z[m];
                }
                netIn[u] = a;
                if (u >= cells) {
                    y[u] = sig(a);
                }
            }
            double[] sNew = new double[cells];
            for (int v = 0; v < cells; v++) {
                int j = v / spec.cellsPerBlock();
                double yIn = y[inGate(j)];
                double yPhi = spec.forgetGates() ? y[forgetGate(j)] : 1.0;
                double yOut = spec.outputGates() ? y[outGate(j)] : 1.0;
                double g = f(spec.cellActivation(), netIn[v]);
                double gP = fPrime(spec.cellActivation(), netIn[v]);
                sNew[v] = yPhi * s[v] + yIn * g;
                for (int m = 0; m <= cols; m++) {
                    tc[v][m] = yPhi * tc[v][m] + gP * yIn * z[m];                              // eq. 25
                    ti[v][m] = yPhi * ti[v][m] + g * yIn * (1 - yIn) * z[m];                   // eq. 27
                    tf[v][m] = yPhi * tf[v][m] + s[v] * yPhi * (1 - yPhi) * z[m];
                }
                y[v] = yOut * f(spec.outputActivation(), sNew[v]);
            }
            double[] o = new double[out];
            for (int k = 0; k < out; k++) {
                double a = outputBias ? bo[k] : 0.0;
                for (int v = 0; v < cells; v++) {
                    a += wo[k * cells + v] * y[v];
                }
                if (wx != null) {
                    for (int i = 0; i < in; i++) {
                        a += wx[k * in + i] * x[i];
                    }
                }
                o[k] = sig(a);
            }
            if (d != null) {
                double[] delta = new double[out];
                double[] e = new double[cells];
                for (int k = 0; k < out; k++) {
                    delta[k] = (o[k] - d[k]) * o[k] * (1 - o[k]);
                    for (int v = 0; v < cells; v++) {
                        e[v] += wo[k * cells + v] * delta[k];
                    }
                }
                double[] gw = new double[w.length];
                double[] gb = new double[b.length];
                for (int v = 0; v < cells; v++) {
                    int j = v / spec.cellsPerBlock();
                    double yOut = spec.outputGates() ? y[outGate(j)] : 1.0;
                    double es = e[v] * yOut * fPrime(spec.outputActivation(), sNew[v]);
                    for (int m = 0; m < cols; m++) {
                        gw[v * cols + m] += es * tc[v][m];
                        gw[inGate(j) * cols + m] += es * ti[v][m];
                        if (spec.forgetGates()) {
                            gw[forgetGate(j) * cols + m] += es * tf[v][m];
                        }
                        if (spec.outputGates()) {
                            gw[outGate(j) * cols + m] += e[v] * f(spec.outputActivation(), sNew[v]) * yOut
                                    * (1 - yOut) * z[m];
                        }
                    }
                    gb[v] += es * tc[v][cols];
                    gb[inGate(j)] += es * ti[v][cols];
                    if (spec.forgetGates()) {
                        gb[forgetGate(j)] += es * tf[v][cols];
                    }
                    if (spec.outputGates()) {
                        gb[outGate(j)] += e[v] * f(spec.outputActivation(), sNew[v]) * yOut * (1 - yOut);
                    }
                }
                for (int k = 0; k < out; k++) {
                    for (int v = 0; v < cells; v++) {
                        wo[k * cells + v] -= alpha * delta[k] * y[v];
                    }
                    if (outputBias) {
                        bo[k] -= alpha * delta[k];
                    }
                    if (wx != null) {
                        for (int i = 0; i < in; i++) {
                            wx[k * in + i] -= alpha * delta[k] * x[i];
                        }
                    }
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] -= alpha * gw[k];
                }
                for (int u = 0; u < units; u++) {
                    if (biased(u)) {
                        b[u] -= alpha * gb[u];
                    }
                }
            }
            prev = y;
            s = sNew;
            return o;
        }
    }

    // ---------------------------------------------------------------- (c)

    /**
     * One input, one cell with an input gate (g logistic, h identity, no biases: experiment 2a's block), one logistic
     * output that also sees the input; two steps, both with a target; α = 1. Every number by hand below.
     */
    @Test
    void theSecondStepUsesTheWeightsTheFirstStepChanged() {
        MemoryBlockSpec spec = new MemoryBlockSpec(1, false, 1, 1, false, false, false, false, Activation.SIGMOID,
                Activation.IDENTITY);
        RecurrentNetwork net = RecurrentNetwork.ofMemoryBlocks(spec, 1, false, MemoryBlockGradient.TRUNCATED_1997);
        double wc = 0.3;
        double wi = -0.2;
        double v = 0.7;
        double u = -0.4;
        net.params().get("hidden.w").set(new double[] {wc, wi});
        net.params().get("out.w").set(new double[] {v});
        net.params().get("out.w_x").set(new double[] {u});
        double[][] x = {{1.0}, {0.5}};
        double[][] d = {{1.0}, {0.0}};
        double alpha = 1.0;

        // step 1 with the initial weights
        double g1 = PaperRtrl.sig(wc * 1.0);
        double yin1 = PaperRtrl.sig(wi * 1.0);
        double s1 = yin1 * g1;
        double o1 = PaperRtrl.sig(v * s1 + u * 1.0);
        double delta1 = (o1 - 1.0) * o1 * (1 - o1);
        double tc = g1 * (1 - g1) * yin1 * 1.0;
        double ti = g1 * yin1 * (1 - yin1) * 1.0;
        double e1 = v * delta1;                                  // h = identity: h'(s) = 1
        double wc1 = wc - alpha * e1 * tc;
        double wi1 = wi - alpha * e1 * ti;
        double v1 = v - alpha * delta1 * s1;
        double u1 = u - alpha * delta1 * 1.0;
        // step 2 with the weights step 1 left
        double g2 = PaperRtrl.sig(wc1 * 0.5);
        double yin2 = PaperRtrl.sig(wi1 * 0.5);
        double s2 = s1 + yin2 * g2;
        double o2 = PaperRtrl.sig(v1 * s2 + u1 * 0.5);
        double delta2 = (o2 - 0.0) * o2 * (1 - o2);
        tc += g2 * (1 - g2) * yin2 * 0.5;
        ti += g2 * yin2 * (1 - yin2) * 0.5;
        double e2 = v1 * delta2;
        double[] expectedHidden = {wc1 - alpha * e2 * tc, wi1 - alpha * e2 * ti};
        double[] expectedOut = {v1 - alpha * delta2 * s2};
        double[] expectedShortcut = {u1 - alpha * delta2 * 0.5};

        RealTimeLearner learner = new RealTimeLearner(net, UpdateTiming.STEP, alpha);
        learner.startSequence();
        double[] y1 = learner.step(x[0], d[0]);
        assertClose(new double[] {o1}, y1, "y(1)");
        assertClose(new double[] {wc1, wi1}, net.params().get("hidden.w").value, "hidden.w after step 1");
        assertClose(new double[] {v1}, net.params().get("out.w").value, "out.w after step 1");
        assertClose(new double[] {u1}, net.params().get("out.w_x").value, "out.w_x after step 1");
        double[] y2 = learner.step(x[1], d[1]);
        assertClose(new double[] {o2}, y2, "y(2), computed with the changed weights");
        assertClose(expectedHidden, net.params().get("hidden.w").value, "hidden.w after step 2");
        assertClose(expectedOut, net.params().get("out.w").value, "out.w after step 2");
        assertClose(expectedShortcut, net.params().get("out.w_x").value, "out.w_x after step 2");

        // one update per sequence (the gradient summed at the initial weights) ends elsewhere
        RecurrentNetwork perSequence = RecurrentNetwork.ofMemoryBlocks(spec, 1, false,
                MemoryBlockGradient.TRUNCATED_1997);
        perSequence.params().get("hidden.w").set(new double[] {wc, wi});
        perSequence.params().get("out.w").set(new double[] {v});
        perSequence.params().get("out.w_x").set(new double[] {u});
        perSequence.params().zeroGrad();
        perSequence.forwardBackward(x, d, new boolean[] {true, true});
        double vSeq = v - alpha * perSequence.params().get("out.w").grad[0];
        assertTrue(Math.abs(vSeq - expectedOut[0]) > 1e-3, "per-step and per-sequence updates coincide: " + vSeq);
    }

    @Test
    void frozenParametersKeepTheirValues() {
        Config c = CONFIGS.get(2);
        RecurrentNetwork net = c.build(51);
        double[] hidden = net.params().get("hidden.w").value.clone();
        double[] outW = net.params().get("out.w").value.clone();
        double[] shortcut = net.params().get("out.w_x").value.clone();
        RealTimeLearner learner = new RealTimeLearner(net, UpdateTiming.STEP, 1.0);
        learner.setFrozen(Set.of("hidden.w", "hidden.b", "out.w"));
        Random rng = new Random(52);
        learner.sequence(inputs(rng, MASK.length, 3), targets(rng, MASK.length, 2), MASK);
        assertArrayEquals(hidden, net.params().get("hidden.w").value);
        assertArrayEquals(outW, net.params().get("out.w").value);
        assertTrue(!java.util.Arrays.equals(shortcut, net.params().get("out.w_x").value), "out.w_x learned");
        assertThrows(IllegalArgumentException.class, () -> learner.setFrozen(Set.of("hidden.x")));
    }

    @Test
    void otherCellsAndExactFNetworksAreRejectedClearly() {
        RecurrentNetwork lstm = new RecurrentNetwork(new LstmCell(LstmSpec.lstm1997(3, 4)), 4, 2, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RealTimeLearner(lstm, UpdateTiming.STEP, 0.1));
        assertTrue(e.getMessage().contains("MemoryBlockCell") && e.getMessage().contains("LstmCell"),
                e.getMessage());
        RecurrentNetwork exact = RecurrentNetwork.ofMemoryBlocks(CONFIGS.get(0).spec(), 2, true,
                MemoryBlockGradient.EXACT);
        e = assertThrows(IllegalArgumentException.class, () -> new RealTimeLearner(exact, UpdateTiming.STEP, 0.1));
        assertTrue(e.getMessage().contains("EXACT"), e.getMessage());
        RecurrentNetwork net = CONFIGS.get(0).build(1);
        e = assertThrows(IllegalArgumentException.class, () -> new RealTimeLearner(net, UpdateTiming.STEP, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        RealTimeLearner learner = new RealTimeLearner(net, UpdateTiming.STEP, 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> learner.step(new double[2], null));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertTrue(Math.abs(expected[k] - actual[k]) <= 1e-12 + 1e-10 * Math.abs(expected[k]),
                    what + "[" + k + "]: expected " + expected[k] + ", got " + actual[k]);
        }
    }
}
