package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.Activation;
import dev.carousel.spec.LstmSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worked example of equations.md section 1: one cell, hand-set weights, g and h identity, no peepholes;
 * z = x1, z_i = 100 x2 - 10, z_f = 100 x2 + 10, z_o = 100 x3 - 10. Inputs (3,1,0), (4,1,0), (2,0,0), (1,0,1),
 * (3,-1,0) give cell states about 3, 7, 7, 7, 0 and outputs about 0, 0, 0, 7, 0 (within 1e-3).
 */
class WorkedExampleTest {

    @Test
    void reproducesTheSeedNotesExample() {
        LstmSpec spec = new LstmSpec(3, 1, false, true, false, Activation.IDENTITY, Activation.IDENTITY);
        Map<String, double[]> w = new HashMap<>();
        // rows i, f, g, o of w_ih [4, 3]
        w.put("w_ih", new double[] {0, 100, 0, 0, 100, 0, 1, 0, 0, 0, 0, 100});
        w.put("w_hh", new double[4]);
        w.put("b_ih", new double[] {-10, 10, 0, -10});
        w.put("b_hh", new double[4]);
        double[][][] x = {{{3, 1, 0}, {4, 1, 0}, {2, 0, 0}, {1, 0, 1}, {3, -1, 0}}};
        double[] states = {3, 7, 7, 7, 0};
        double[] outputs = {0, 0, 0, 7, 0};
        for (DataType dtype : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            for (int steps = 1; steps <= 5; steps++) {
                double[][][] prefix = {java.util.Arrays.copyOf(x[0], steps)};
                RecurrentRunResult r = RecurrentRun.lstm(spec, w, prefix, null, null, null, null, null, null, dtype);
                assertEquals(states[steps - 1], r.cN()[0][0], 1e-3, "c_" + steps + " " + dtype);
                assertEquals(outputs[steps - 1], r.y()[0][steps - 1][0], 1e-3, "y_" + steps + " " + dtype);
            }
        }
    }
}
