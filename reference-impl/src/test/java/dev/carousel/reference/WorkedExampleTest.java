package dev.carousel.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carousel.spec.Activation;
import dev.carousel.spec.LstmSpec;
import org.junit.jupiter.api.Test;

/**
 * The worked single-cell example of equations.md section 1: g and h identity, no peepholes,
 * z = x1, z_i = 100 x2 - 10, z_f = 100 x2 + 10, z_o = 100 x3 - 10, c_0 = 0.
 */
class WorkedExampleTest {

    /** Builds the hand-set cell in the interchange layout (rows i, f, g, o; one unit, three inputs). */
    static LstmCell workedExampleCell() {
        LstmSpec spec = LstmSpec.vanilla(3, 1).withActivations(Activation.IDENTITY, Activation.IDENTITY);
        LstmCell cell = new LstmCell(spec);
        cell.params().get("w_ih").set(new double[] {
            0, 100, 0,      // i: 100 x2
            0, 100, 0,      // f: 100 x2
            1, 0, 0,        // g: x1
            0, 0, 100,      // o: 100 x3
        });
        cell.params().get("b_ih").set(new double[] {-10, 10, 0, -10});
        return cell;
    }

    @Test
    void statesAndOutputsMatchTheHandComputation() {
        double[][][] x = {{{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}}};
        RecurrentLayer.Forward f = new RecurrentLayer(workedExampleCell()).forward(x, null, null);
        double[] expectedC = {3, 7, 7, 7, 0};
        double[] expectedH = {0, 0, 0, 7, 0};
        // c_t is not an output of the layer: replay the steps to read it
        LstmCell cell = workedExampleCell();
        double[][] state = cell.zeroState();
        for (int t = 0; t < 5; t++) {
            state = cell.forward(x[0][t], state).state();
            assertEquals(expectedC[t], state[1][0], 1e-3, "c at t=" + (t + 1));
            assertEquals(expectedH[t], f.y[0][t][0], 1e-3, "h at t=" + (t + 1));
        }
        assertEquals(0.0, f.cN()[0][0], 1e-3);
    }
}
