package dev.carousel.bench.jmh;

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
    @Param({"referencePeepholeLSTM", "referenceGRU_resetAfter"})
    public String layer;
    @Param({"32"})
    public int batch;
    @Param({"100"})
    public int time;
    @Param({"64"})
    public int input;
    @Param({"128"})
    public int hidden;

    private ReferenceLayerFixture f;

    @Setup(Level.Trial)
    public void setup() {
        f = new ReferenceLayerFixture(layer, batch, time, input, hidden);
    }

    @Benchmark
    public double[][][] forward() {
        return f.forward();
    }

    @Benchmark
    public double[][][] trainStep() {
        return f.trainingStep();
    }
}
