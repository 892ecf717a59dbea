package dev.carousel.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The "gemm floor": only the matrix products a G-gate recurrent layer contains, with ND4J's gemm on preallocated
 * arrays, float32, B=32, T=100, I=64, H=128. G=4 is the LSTM, G=3 the GRU (reset-after; reset-before splits the
 * recurrent product into [H, 2H] and [H, H], the same arithmetic).
 * <ul>
 *   <li>{@code forward}: X [T*B, I] x W [I, G*H] once, then T times h [B, H] x U [H, G*H];</li>
 *   <li>{@code training}: forward plus, per step, dA [B, G*H] x U^T, and once dW = X^T dA, dU = H^T dA,
 *   dX = dA W^T.</li>
 * </ul>
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

    private INDArray x;
    private INDArray w;
    private INDArray u;
    private INDArray xw;
    private INDArray hs;
    private INDArray dA;
    private INDArray dh;
    private INDArray dW;
    private INDArray dU;
    private INDArray dX;

    @Setup
    public void setUp() {
        int g = gates * H;
        x = Nd4j.rand(DataType.FLOAT, (long) T * B, I);
        w = Nd4j.rand(DataType.FLOAT, I, g).dup('f');
        u = Nd4j.rand(DataType.FLOAT, H, g).dup('f');
        xw = Nd4j.create(DataType.FLOAT, (long) T * B, g);
        hs = Nd4j.rand(DataType.FLOAT, (long) (T + 1) * B, H);
        dA = Nd4j.rand(DataType.FLOAT, (long) T * B, g);
        dh = Nd4j.create(DataType.FLOAT, B, H);
        dW = Nd4j.create(DataType.FLOAT, new long[] {I, g}, 'f');
        dU = Nd4j.create(DataType.FLOAT, new long[] {H, g}, 'f');
        dX = Nd4j.create(DataType.FLOAT, (long) T * B, I);
    }

    private INDArray rows(INDArray m, int t) {
        return m.get(NDArrayIndex.interval((long) t * B, (long) (t + 1) * B), NDArrayIndex.all());
    }

    @Benchmark
    public INDArray forward() {
        Nd4j.gemm(x, w, xw, false, false, 1.0, 0.0);
        for (int t = 0; t < T; t++) {
            Nd4j.gemm(rows(hs, t), u, rows(xw, t), false, false, 1.0, 1.0);
        }
        return xw;
    }

    @Benchmark
    public INDArray training() {
        forward();
        for (int t = T - 1; t >= 0; t--) {
            Nd4j.gemm(rows(dA, t), u, dh, false, true, 1.0, 0.0);
        }
        Nd4j.gemm(x, dA, dW, true, false, 1.0, 0.0);
        Nd4j.gemm(hs.get(NDArrayIndex.interval(0, (long) T * B), NDArrayIndex.all()), dA, dU, true, false, 1.0, 0.0);
        Nd4j.gemm(dA, w, dX, false, true, 1.0, 0.0);
        return dX;
    }
}
