package dev.carousel.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The "gemm floor" ({@link GemmFloorFixture}) at B=32, T=100, I=64, H=128 by default (parameters batch, time,
 * input, hidden, as in {@link RecurrentLayerBenchmark}), float32: only the matrix products a
 * G-gate recurrent layer contains (G=4 LSTM, G=3 GRU), {@code forward} and {@code training}.
 * Overhead factor = layer time / floor time of the same G and mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmFloorBenchmark {
    @Param({"4", "3"})
    public int gates;

    /** The shape, as in {@link RecurrentLayerBenchmark}. */
    @Param({"32"})
    public int batch;
    @Param({"100"})
    public int time;
    @Param({"64"})
    public int input;
    @Param({"128"})
    public int hidden;

    private GemmFloorFixture f;

    @Setup
    public void setUp() {
        f = new GemmFloorFixture(gates, batch, time, input, hidden);
    }

    @Benchmark
    public INDArray forward() {
        return f.forward();
    }

    @Benchmark
    public INDArray training() {
        return f.training();
    }
}
