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
 * recurrent layer on the CPU, B=32, T=100, I=64, H=128, float32, batch-first ({@link DjlLayerFixture}), for
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

    private DjlLayerFixture f;

    /** The layer under test, by its parameter name (see {@link DjlLayerFixture}), at H=128. */
    public static Block build(String layer) {
        return DjlLayerFixture.block(layer, H);
    }

    @Setup(Level.Trial)
    public void setUp() {
        f = new DjlLayerFixture(layer, B, T, I, H);
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
