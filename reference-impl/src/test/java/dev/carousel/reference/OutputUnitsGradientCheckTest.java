package dev.carousel.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.FiniteDifference;
import dev.carousel.testing.RandomArrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link RecurrentNetwork} with each kind of output unit, over LSTM and GRU cells, against finite differences. */
class OutputUnitsGradientCheckTest {

    @ParameterizedTest
    @EnumSource(OutputUnits.class)
    void exactGradients(OutputUnits units) {
        Random rng = new Random(5);
        for (RecurrentCell cell : new RecurrentCell[] {new LstmCell(LstmSpec.peephole(2, 3)),
                new GruCell(new GruSpec(2, 3, false))}) {
            RecurrentNetwork net = new RecurrentNetwork(cell, 3, 3, true, true, units);
            for (Param p : net.params()) {
                RandomArrays.fill(p.value, rng, 0.7);
            }
            double[][] x = RandomArrays.sequence(rng, 1, 5, 2, 1.0)[0];
            double[][] target = new double[5][3];
            for (double[] row : target) {
                row[rng.nextInt(3)] = 1.0;               // one-hot: valid for every kind of unit
            }
            boolean[] mask = {true, false, true, false, true};
            net.params().zeroGrad();
            net.forwardBackward(x, target, mask);
            for (Param p : net.params()) {
                double err = FiniteDifference.maxError(p.value, p.grad.clone(),
                        () -> net.error(net.predict(x), target, mask));
                assertTrue(err < 1.0, units + " " + p + ": error/bound " + err);
            }
        }
    }
}
