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
 * The adding-task shape I=2, H=4, B=1, T=100, float32: sequences per second (B=1, so one operation is one
 * sequence) of Carousel's PeepholeLSTM and GRU against DL4J's LSTM and GravesLSTM; layer-level training step
 * (forward + backprop), layer-level inference, and MultiLayerNetwork fit / output.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TinyShapeBenchmark extends Dl4jLayerOperations {
    @Param({"carouselPeepholeLSTM", "carouselGRU_resetAfter", "dl4jLSTM", "dl4jGravesLSTM"})
    public String layer;

    @Setup
    public void setUp() {
        f = new Dl4jLayerFixture(layer, 1, 100, 2, 4);
    }
}
