package dev.carousel.bench.jmh;

import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The float64 reference (plain Java loops, one sequence at a time): forward and training step (forward + BPTT).
 * Not meant to be fast: it is the baseline every framework implementation is compared with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ReferenceBenchmark {
    @Param({"peephole", "gru"})
    public String cell;
    @Param({"32"})
    public int batch;
    @Param({"100"})
    public int time;
    @Param({"64"})
    public int input;
    @Param({"128"})
    public int hidden;

    private RecurrentLayer layer;
    private double[][][] x;
    private double[][][] dy;

    @Setup(Level.Trial)
    public void setup() {
        RecurrentCell c = cell.equals("gru") ? new GruCell(new GruSpec(input, hidden, true))
                : new LstmCell(cell.equals("peephole") ? LstmSpec.peephole(input, hidden)
                : LstmSpec.vanilla(input, hidden));
        Random rng = new Random(1);
        for (dev.carousel.reference.Param p : c.params()) {
            for (int k = 0; k < p.size(); k++) {
                p.value[k] = rng.nextGaussian() * 0.1;
            }
        }
        layer = new RecurrentLayer(c);
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

    @Benchmark
    public double[][][] forward() {
        return layer.forward(x, null, null).y;
    }

    @Benchmark
    public double[][][] trainStep() {
        layer.cell().params().zeroGrad();
        return layer.backward(layer.forward(x, null, null), dy, null).dx();
    }
}
