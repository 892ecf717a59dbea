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
 * The "gemm floor" ({@link GemmFloorFixture}) at B=32, T=100, I=64, H=128, float32: only the matrix products a
 * G-gate recurrent layer contains (G=4 LSTM, G=3 GRU), {@code forward} and {@code training}.
 * Overhead factor = layer time / floor time of the same G and mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmFloorBenchmark {
    @Param({"4", "3"})
    public int gates;

    private static final int B = 32;
    private static final int T = 100;
    private static final int I = 64;
    private static final int H = 128;

    private GemmFloorFixture f;

    @Setup
    public void setUp() {
        f = new GemmFloorFixture(gates, B, T, I, H);
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
