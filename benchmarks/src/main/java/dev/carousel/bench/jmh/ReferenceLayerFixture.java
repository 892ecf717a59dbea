package dev.carousel.bench.jmh;

import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.Random;

/**
 * The float64 reference layer the JMH benchmarks time (plain Java loops, one sequence at a time): a peephole LSTM
 * ({@code LstmSpec.peephole}) or a reset-after GRU, weights N(0, 0.1^2), x and a fixed dL/dy N(0, 1), seed 1.
 */
final class ReferenceLayerFixture {
    final RecurrentLayer net;
    final double[][][] x;
    final double[][][] dy;

    /** {@code kind}: any name containing "GRU" gives the GRU, every other the peephole LSTM. */
    ReferenceLayerFixture(String kind, int batch, int time, int input, int hidden) {
        RecurrentCell c = kind.contains("GRU") ? new GruCell(new GruSpec(input, hidden, true))
                : new LstmCell(LstmSpec.peephole(input, hidden));
        Random rng = new Random(1);
        for (Param p : c.params()) {
            for (int k = 0; k < p.size(); k++) {
                p.value[k] = rng.nextGaussian() * 0.1;
            }
        }
        net = new RecurrentLayer(c);
        x = new double[batch][time][input];
        dy = new double[batch][time][hidden];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                for (int k = 0; k < input; k++) {
                    x[b][t][k] = rng.nextGaussian();
                }
                for (int k = 0; k < hidden; k++) {
                    dy[b][t][k] = rng.nextGaussian();
                }
            }
        }
    }

    /** One forward pass over the batch. */
    double[][][] forward() {
        return net.forward(x, null, null).y;
    }

    /** Forward plus BPTT of the fixed dL/dy (parameter gradients zeroed first). */
    double[][][] trainingStep() {
        net.cell().params().zeroGrad();
        return net.backward(net.forward(x, null, null), dy, null).dx();
    }
}
