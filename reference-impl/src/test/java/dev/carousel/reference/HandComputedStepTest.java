package dev.carousel.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import org.junit.jupiter.api.Test;

/**
 * One- and two-step cases with one unit and one input, written out as scalar formulas in the test (independent of
 * the cells' loops and gate indexing): every weight is a different number, so a swapped gate or peephole shows.
 */
class HandComputedStepTest {
    private static double s(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void peepholeLstmTwoSteps() {
        // gate rows i, f, g, o
        double[] w = {0.5, -0.3, 0.8, 0.2};
        double[] u = {0.1, 0.4, -0.6, 0.7};
        double[] b = {0.05, 1.0, -0.1, 0.3};
        double pi = 0.25;
        double pf = -0.35;
        double po = 0.45;
        LstmCell cell = new LstmCell(LstmSpec.peephole(1, 1));
        cell.params().get("w_ih").set(w);
        cell.params().get("w_hh").set(u);
        cell.params().get("b_ih").set(b);
        cell.params().get("p_i").set(new double[] {pi});
        cell.params().get("p_f").set(new double[] {pf});
        cell.params().get("p_o").set(new double[] {po});
        double h = 0.2;
        double c = -0.4;
        double[] xs = {1.5, -0.7};
        double[][] state = {{h}, {c}};
        for (double x : xs) {
            double i = s(w[0] * x + u[0] * h + pi * c + b[0]);
            double f = s(w[1] * x + u[1] * h + pf * c + b[1]);
            double g = Math.tanh(w[2] * x + u[2] * h + b[2]);
            c = f * c + i * g;
            double o = s(w[3] * x + u[3] * h + po * c + b[3]);
            h = o * Math.tanh(c);
            state = cell.forward(new double[] {x}, state).state();
            assertEquals(h, state[0][0], 1e-15);
            assertEquals(c, state[1][0], 1e-15);
        }
    }

    @Test
    void lstm1997AndCifgOneStep() {
        double[] w = {0.5, -0.3, 0.8, 0.2};
        double[] u = {0.1, 0.4, -0.6, 0.7};
        double x = 0.9;
        double h0 = -0.5;
        double c0 = 0.6;

        LstmCell nfg = new LstmCell(LstmSpec.lstm1997(1, 1));
        nfg.params().get("w_ih").set(w);
        nfg.params().get("w_hh").set(u);
        double[][] st = nfg.forward(new double[] {x}, new double[][] {{h0}, {c0}}).state();
        double i = s(w[0] * x + u[0] * h0);
        double g = 4 * s(w[2] * x + u[2] * h0) - 2;
        double c = c0 + i * g;                                    // f = 1
        double h = s(w[3] * x + u[3] * h0) * (2 * s(c) - 1);
        assertEquals(c, st[1][0], 1e-15);
        assertEquals(h, st[0][0], 1e-15);

        LstmCell cifg = new LstmCell(LstmSpec.vanilla(1, 1).withCoupledInputForget(true)
                .withActivations(Activation.TANH, Activation.IDENTITY));
        cifg.params().get("w_ih").set(w);
        cifg.params().get("w_hh").set(u);
        st = cifg.forward(new double[] {x}, new double[][] {{h0}, {c0}}).state();
        double f = s(w[1] * x + u[1] * h0);
        c = f * c0 + (1 - f) * Math.tanh(w[2] * x + u[2] * h0);
        h = s(w[3] * x + u[3] * h0) * c;
        assertEquals(c, st[1][0], 1e-15);
        assertEquals(h, st[0][0], 1e-15);
    }

    @Test
    void gruBothFormsTwoSteps() {
        // rows r, z, n
        double[] w = {0.5, -0.3, 0.8};
        double[] u = {0.1, 0.4, -0.6};
        double[] bi = {0.05, 0.2, -0.1};
        double[] bh = {-0.15, 0.3, 0.25};
        for (boolean after : new boolean[] {true, false}) {
            GruCell cell = new GruCell(new GruSpec(1, 1, after));
            cell.params().get("w_ih").set(w);
            cell.params().get("w_hh").set(u);
            cell.params().get("b_ih").set(bi);
            cell.params().get("b_hh").set(bh);
            double h = 0.3;
            double[][] state = {{h}};
            for (double x : new double[] {1.2, -0.8}) {
                double r = s(w[0] * x + bi[0] + u[0] * h + bh[0]);
                double z = s(w[1] * x + bi[1] + u[1] * h + bh[1]);
                double n = after
                        ? Math.tanh(w[2] * x + bi[2] + r * (u[2] * h + bh[2]))
                        : Math.tanh(w[2] * x + bi[2] + u[2] * (r * h) + bh[2]);
                h = z * h + (1 - z) * n;
                state = cell.forward(new double[] {x}, state).state();
                assertEquals(h, state[0][0], 1e-15, "reset-after=" + after);
            }
        }
    }

    @Test
    void tanhRnnOneStep() {
        TanhRnnCell cell = new TanhRnnCell(1, 1);
        cell.params().get("w_ih").set(new double[] {0.7});
        cell.params().get("w_hh").set(new double[] {-0.4});
        cell.params().get("b_ih").set(new double[] {0.1});
        cell.params().get("b_hh").set(new double[] {0.2});
        double h = cell.forward(new double[] {0.5}, new double[][] {{0.9}}).h()[0];
        assertEquals(Math.tanh(0.7 * 0.5 - 0.4 * 0.9 + 0.3), h, 1e-15);
    }
}
