package dev.carousel.bench.jmh;

import ai.djl.nn.Block;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward + backward through a GradientCollector, loss = mean(y)) and one inference forward of a
 * recurrent layer on the CPU, by default B=32, T=100, I=64, H=128 (parameters batch, time, input, hidden), float32, batch-first ({@link DjlLayerFixture}), for
 * every layer kind of the fixture: Carousel's PeepholeLSTM (peepholes; no peepholes hand-written; no peepholes
 * fused dispatch), DJL's LSTM, Carousel's GRU (reset-before; reset-after hand-written; reset-after fused
 * dispatch) and DJL's GRU.
 * Threads: pass {@code -jvmArgsAppend -Dai.djl.pytorch.num_threads=N}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DjlRecurrentTrainingBenchmark {
    static final int B = 32;
    static final int T = 100;
    static final int I = 64;
    static final int H = 128;

    @Param({"carouselPeepholeLstm", "carouselLstmHandwritten", "carouselLstmFusedDispatch", "djlLstm",
        "carouselGruResetBefore", "carouselGruResetAfterHandwritten", "carouselGruFusedDispatch", "djlGru"})
    public String layer;

    /** The shape; defaults B=32, T=100, I=64, H=128 (the constants above); the larger shape is
     * {@code -p batch=64 -p time=50 -p input=256 -p hidden=512}. */
    @Param({"32"})
    public int batch;
    @Param({"100"})
    public int time;
    @Param({"64"})
    public int input;
    @Param({"128"})
    public int hidden;

    private DjlLayerFixture f;

    /** The layer under test, by its parameter name (see {@link DjlLayerFixture}), at H=128. */
    public static Block build(String layer) {
        return DjlLayerFixture.block(layer, H);
    }

    @Setup(Level.Trial)
    public void setUp() {
        f = new DjlLayerFixture(layer, batch, time, input, hidden);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    /** Forward only, inference mode (no gradient recording). */
    @Benchmark
    public float inference() {
        return f.inference();
    }

    /** Forward + backward. */
    @Benchmark
    public float trainingStep() {
        return f.trainingStep();
    }
}
