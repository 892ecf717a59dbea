package dev.carousel.reference;

import dev.carousel.spec.Activation;
import dev.carousel.spec.MemoryBlockSpec;
import dev.carousel.testing.Comparisons;
import dev.carousel.testing.RandomArrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 1997 truncated gradient ({@link MemoryBlockGradient#TRUNCATED_1997}) against an independent forward-mode
 * computation written from the paper's Appendix A.1: RTRL-style traces of the cell states,
 * <pre>
 *   ∂s_c(t)/∂w_{c m}  = ∂s_c(t−1)/∂w_{c m}  + g'(net_c(t)) y_in(t) y_m(t−1)          (eq. 25)
 *   ∂s_c(t)/∂w_{in m} = ∂s_c(t−1)/∂w_{in m} + g(net_c(t)) f'(net_in(t)) y_m(t−1)     (eq. 27)
 * </pre>
 * and, at a step t with a target, with δ_k = f'(net_k)(y_k − d_k) at the output units and e_c = Σ_k w_kc δ_k:
 * <pre>
 *   ∂E/∂w_{c m}   += e_c y_out h'(s_c) ∂s_c/∂w_{c m}
 *   ∂E/∂w_{in m}  += Σ_{c in block} e_c y_out h'(s_c) ∂s_c/∂w_{in m}
 *   ∂E/∂w_{out m} += f'(net_out) Σ_{c in block} e_c h(s_c) · y_m(t−1)                (no trace)
 *   ∂E/∂w_{k c}   += δ_k y_c
 * </pre>
 * y_m(t−1) runs over the inputs x(t), the hidden units at t−1 and the bias (1). Nothing else crosses a time step.
 */
class MemoryBlockTruncatedGradientTest {
    private static final int IN = 3;
    private static final int BLOCKS = 2;
    private static final int PER_BLOCK = 2;
    private static final int OUT = 2;

    @Test
    void truncatedGradientEqualsThePapersRtrlTraces() {
        MemoryBlockSpec spec = new MemoryBlockSpec(IN, true, BLOCKS, PER_BLOCK, true, false, true, true,
                Activation.SQUASH_G1997, Activation.SQUASH_H1997);
        RecurrentNetwork net = RecurrentNetwork.ofMemoryBlocks(spec, OUT, true, MemoryBlockGradient.TRUNCATED_1997);
        Random rng = new Random(11);
        for (Param p : net.params()) {
            RandomArrays.fill(p.value, rng, 0.8);
        }
        int time = 7;
        double[][] x = RandomArrays.sequence(rng, 1, time, IN, 1.0)[0];
        double[][] target = new double[time][OUT];
        for (double[] row : target) {
            row[0] = rng.nextDouble();
            row[1] = rng.nextDouble();
        }
        boolean[] mask = {false, true, false, false, true, false, true};
        net.params().zeroGrad();
        net.forwardBackward(x, target, mask);

        Traces expected = rtrl(net, x, target, mask);
        assertClose(expected.hiddenW, net.params().get("hidden.w").grad, "hidden.w");
        assertClose(expected.hiddenB, net.params().get("hidden.b").grad, "hidden.b");
        assertClose(expected.outW, net.params().get("out.w").grad, "out.w");
        assertClose(expected.outB, net.params().get("out.b").grad, "out.b");
    }

    @Test
    void withoutHiddenRecurrenceTruncatedEqualsExact() {
        // connectivity B (experiments 2a/2b): the CEC is the only path through time, so nothing is truncated
        MemoryBlockSpec spec = new MemoryBlockSpec(IN, false, 1, 1, false, false, false, false, Activation.SIGMOID,
                Activation.IDENTITY);
        double[][] grads = new double[2][];
        int i = 0;
        for (MemoryBlockGradient g : MemoryBlockGradient.values()) {
            RecurrentNetwork net = RecurrentNetwork.ofMemoryBlocks(spec, OUT, false, g);
            Random rng = new Random(5);
            for (Param p : net.params()) {
                RandomArrays.fill(p.value, rng, 0.8);
            }
            double[][] x = RandomArrays.sequence(rng, 1, 5, IN, 1.0)[0];
            double[][] target = {{0, 1}, {1, 0}, {0, 0}, {1, 1}, {0.3, 0.6}};
            net.params().zeroGrad();
            net.forwardBackward(x, target, new boolean[] {true, false, true, false, true});
            grads[i++] = net.params().get("hidden.w").grad.clone();
        }
        assertClose(grads[0], grads[1], "hidden.w (B)");
    }

    /** Two float64 computations of the same gradient (RTRL traces, the code's truncated BPTT): 1e-12 relative. */
    private static void assertClose(double[] expected, double[] actual, String what) {
        Comparisons.assertRelativeError(actual, expected, 1e-12, what);
    }

    private record Traces(double[] hiddenW, double[] hiddenB, double[] outW, double[] outB) {
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Forward-mode truncated gradient; unit order: cells, input gates, output gates (as MemoryBlockCell). */
    private static Traces rtrl(RecurrentNetwork net, double[][] x, double[][] target, boolean[] mask) {
        int cells = BLOCKS * PER_BLOCK;
        int units = cells + 2 * BLOCKS;
        int cols = IN + units;
        double[] w = net.params().get("hidden.w").value;
        double[] b = net.params().get("hidden.b").value;
        double[] wo = net.params().get("out.w").value;
        double[] bo = net.params().get("out.b").value;
        double[] gw = new double[units * cols];
        double[] gb = new double[units];
        double[] gwo = new double[OUT * cells];
        double[] gbo = new double[OUT];
        // traces over the cols + 1 (bias) sources: dS/dw of the cell's own input weights, of its input gate's
        double[][] traceCell = new double[cells][cols + 1];
        double[][] traceGate = new double[cells][cols + 1];
        double[] s = new double[cells];
        double[] prev = new double[units];
        for (int t = 0; t < x.length; t++) {
            double[] z = new double[cols + 1];
            System.arraycopy(x[t], 0, z, 0, IN);
            System.arraycopy(prev, 0, z, IN, units);
            z[cols] = 1.0;
            double[] net0 = new double[units];
            for (int u = 0; u < units; u++) {
                double a = b[u];
                for (int m = 0; m < cols; m++) {
                    a += w[u * cols + m] * z[m];
                }
                net0[u] = a;
            }
            double[] yc = new double[cells];
            double[] yin = new double[BLOCKS];
            double[] yout = new double[BLOCKS];
            for (int j = 0; j < BLOCKS; j++) {
                yin[j] = sigmoid(net0[cells + j]);
                yout[j] = sigmoid(net0[cells + BLOCKS + j]);
            }
            for (int v = 0; v < cells; v++) {
                int j = v / PER_BLOCK;
                double g = 4 * sigmoid(net0[v]) - 2;
                double gPrime = 4 * sigmoid(net0[v]) * (1 - sigmoid(net0[v]));
                s[v] += yin[j] * g;
                for (int m = 0; m <= cols; m++) {
                    traceCell[v][m] += gPrime * yin[j] * z[m];
                    traceGate[v][m] += g * yin[j] * (1 - yin[j]) * z[m];
                }
                yc[v] = yout[j] * (2 * sigmoid(s[v]) - 1);
            }
            if (mask[t]) {
                double[] e = new double[cells];
                for (int k = 0; k < OUT; k++) {
                    double a = bo[k];
                    for (int v = 0; v < cells; v++) {
                        a += wo[k * cells + v] * yc[v];
                    }
                    double y = sigmoid(a);
                    double delta = (y - target[t][k]) * y * (1 - y);
                    gbo[k] += delta;
                    for (int v = 0; v < cells; v++) {
                        gwo[k * cells + v] += delta * yc[v];
                        e[v] += wo[k * cells + v] * delta;
                    }
                }
                for (int v = 0; v < cells; v++) {
                    int j = v / PER_BLOCK;
                    double h = 2 * sigmoid(s[v]) - 1;
                    double hPrime = 2 * sigmoid(s[v]) * (1 - sigmoid(s[v]));
                    double throughState = e[v] * yout[j] * hPrime;
                    int gate = cells + j;
                    int outGate = cells + BLOCKS + j;
                    for (int m = 0; m < cols; m++) {
                        gw[v * cols + m] += throughState * traceCell[v][m];
                        gw[gate * cols + m] += throughState * traceGate[v][m];
                        gw[outGate * cols + m] += e[v] * h * yout[j] * (1 - yout[j]) * z[m];
                    }
                    gb[v] += throughState * traceCell[v][cols];
                    gb[gate] += throughState * traceGate[v][cols];
                    gb[outGate] += e[v] * h * yout[j] * (1 - yout[j]);
                }
            }
            System.arraycopy(yc, 0, prev, 0, cells);
            System.arraycopy(yin, 0, prev, cells, BLOCKS);
            System.arraycopy(yout, 0, prev, cells + BLOCKS, BLOCKS);
        }
        return new Traces(gw, gb, gwo, gbo);
    }
}
