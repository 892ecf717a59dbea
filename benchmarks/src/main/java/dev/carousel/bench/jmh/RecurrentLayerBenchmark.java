package dev.carousel.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Carousel's DL4J layers against DL4J's LSTM and GravesLSTM at B=32, T=100, I=64, H=128, float32, CPU.
 * {@code layerTraining}: layer-level forward (training mode) + backpropagation of a fixed dL/dy, no workspaces;
 * {@code layerInference}: layer-level forward; {@code networkFit} / {@code networkOutput}: the same layer inside a
 * MultiLayerNetwork with an RnnOutputLayer (nOut=1), fit (SGD) and output with DL4J's default workspaces.
 * Compare with {@link GemmFloorBenchmark} for the overhead factor. Thread count: OMP_NUM_THREADS of the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RecurrentLayerBenchmark extends Dl4jLayerOperations {
    @Param({"carouselPeepholeLSTM", "carouselGRU_resetAfter", "carouselGRU_resetBefore", "dl4jLSTM",
            "dl4jGravesLSTM"})
    public String layer;

    @Param({"32"})
    public int batch;
    @Param({"100"})
    public int time;
    @Param({"64"})
    public int input;
    @Param({"128"})
    public int hidden;

    @Setup
    public void setUp() {
        f = new Dl4jLayerFixture(layer, batch, time, input, hidden);
    }
}
