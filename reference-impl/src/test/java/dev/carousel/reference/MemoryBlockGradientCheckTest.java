package dev.carousel.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.Activation;
import dev.carousel.spec.MemoryBlockSpec;
import dev.carousel.testing.FiniteDifference;
import dev.carousel.testing.RandomArrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact BPTT of the 1997 memory-block network against central finite differences, for each flag combination. */
class MemoryBlockGradientCheckTest {

    @ParameterizedTest(name = "recurrent={0} outputGates={1} forgetGates={2} biasGates={3} biasCells={4} outBias={5}")
    @CsvSource({
        "true,true,false,true,false,false",    // experiment 1 (gates biased only)
        "false,false,false,false,false,false", // experiment 2a/2b (connectivity B, input gate only, no biases)
        "true,true,false,true,true,true",      // experiments 4-6 (all non-input units biased)
        "true,true,true,true,true,true",       // Gers 2000 forget gates
    })
    void exactGradients(boolean recurrent, boolean outputGates, boolean forgetGates, boolean biasGates,
                        boolean biasCells, boolean outBias) {
        MemoryBlockSpec spec = new MemoryBlockSpec(3, recurrent, 2, 2, outputGates, forgetGates, biasGates, biasCells,
                Activation.SQUASH_G1997, Activation.SQUASH_H1997);
        RecurrentNetwork net = RecurrentNetwork.ofMemoryBlocks(spec, 2, outBias);
        Random rng = new Random(3);
        for (Param p : net.params()) {
            RandomArrays.fill(p.value, rng, 0.8);
        }
        int time = 6;
        double[][] x = RandomArrays.sequence(rng, 1, time, 3, 1.0)[0];
        double[][] target = new double[time][2];
        for (double[] row : target) {
            row[0] = rng.nextDouble();
            row[1] = rng.nextDouble();
        }
        boolean[] mask = {false, true, false, false, true, true};
        net.params().zeroGrad();
        net.forwardBackward(x, target, mask);
        for (Param p : net.params()) {
            double err = FiniteDifference.maxError(p.value, p.grad.clone(),
                    () -> net.error(net.predict(x), target, mask));
            assertTrue(err < 1.0, p + ": error/bound " + err);
        }
        // unbiased units: bias gradient exactly zero
        for (int u = 0; u < spec.hiddenUnits(); u++) {
            if (!((MemoryBlockCell) net.cell()).biased(u)) {
                assertEquals(0.0, net.params().get("hidden.b").grad[u]);
            }
        }
    }
}
