package dev.carousel.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Every implementation at the delay tasks' own (tiny-network) shapes: forward and training step, float32 for the
 * frameworks, float64 for the reference, no masks. The shape of each {@code task} (I, H, T) comes from the task
 * definitions through {@link DelayTaskShape}; {@code batch} is 1 or 32. Score: ms per operation (one operation =
 * {@code batch} sequences); the summary converts it to sequences per second and, by the FLOP model, GFLOP/s.
 *
 * <p>Tasks: every delay task of {@code DelayTasks} at its default parameters (the paper's rows: 2a-2c at p=100,
 * q=100; 3a-3c, 4 and 5 at T=100), plus two long rows, {@code 2c:q=1000} (I=104, H=2, 1031 steps) and
 * {@code 4:T=1000} (I=2, H=4, 1100 steps), so T spans the Reber grammar's few dozen steps to 1100; 12 layers x 2
 * operations x 2 batches = 48 cases per task. Narrow with {@code -p task=...} ({@link DelayTaskShape} key syntax).
 *
 * <p>Layers ({@code layer}):
 * <ul>
 *   <li>{@code reference_PeepholeLSTM}, {@code reference_GRU}: the float64 reference, peephole LSTM and reset-after
 *   GRU ({@link ReferenceLayerFixture}); forward, and forward + BPTT of a fixed dL/dy;</li>
 *   <li>{@code dl4j_CarouselPeepholeLSTM}, {@code dl4j_CarouselGRU} (reset-after), {@code dl4j_LSTM},
 *   {@code dl4j_GravesLSTM}: layer-level inference and layer-level training step (forward + backprop of a fixed
 *   dL/dy, no workspaces) of {@link Dl4jLayerFixture};</li>
 *   <li>{@code djl_CarouselPeepholeLSTM}, {@code djl_CarouselGRU} (reset-after, hand-written cell loop: fused
 *   dispatch off, so Carousel's own code is timed), {@code djl_LSTM}, {@code djl_GRU} (DJL's fused blocks):
 *   inference and forward + backward of mean(y) of {@link DjlLayerFixture};</li>
 *   <li>{@code gemmFloor_G4}, {@code gemmFloor_G3}: the matrix products alone ({@link GemmFloorFixture}), the
 *   floor of the LSTMs and GRUs.</li>
 * </ul>
 * Threads: OMP_NUM_THREADS for ND4J, {@code -Dai.djl.pytorch.num_threads} for PyTorch ({@code carousel bench}
 * sets both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DelayTaskShapeBenchmark {
    @Param({"1", "2a", "2b", "2c", "2c:q=1000", "3a", "3b", "3c", "4", "4:T=1000", "5", "6a", "6b", "adding", "copy"})
    public String task;

    @Param({"1", "32"})
    public int batch;

    @Param({"reference_PeepholeLSTM", "reference_GRU", "dl4j_CarouselPeepholeLSTM", "dl4j_CarouselGRU", "dl4j_LSTM",
            "dl4j_GravesLSTM", "djl_CarouselPeepholeLSTM", "djl_CarouselGRU", "djl_LSTM", "djl_GRU",
            "gemmFloor_G4", "gemmFloor_G3"})
    public String layer;

    private Supplier<Object> forward;
    private Supplier<Object> trainingStep;
    private AutoCloseable resources;

    @Setup(Level.Trial)
    public void setUp() {
        DelayTaskShape s = DelayTaskShape.of(task);
        int b = batch;
        int t = s.time();
        int i = s.input();
        int h = s.hidden();
        resources = () -> { };
        String framework = layer.substring(0, layer.indexOf('_'));
        String kind = layer.substring(layer.indexOf('_') + 1);
        switch (framework) {
            case "reference": {
                ReferenceLayerFixture f = new ReferenceLayerFixture(kind, b, t, i, h);
                forward = f::forward;
                trainingStep = f::trainingStep;
                break;
            }
            case "dl4j": {
                Dl4jLayerFixture f = new Dl4jLayerFixture(dl4jKind(kind), b, t, i, h);
                forward = f::layerInference;
                trainingStep = f::layerTrainingStep;
                break;
            }
            case "djl": {
                DjlLayerFixture f = new DjlLayerFixture(djlKind(kind), b, t, i, h);
                forward = f::inference;
                trainingStep = f::trainingStep;
                resources = f;
                break;
            }
            case "gemmFloor": {
                GemmFloorFixture f = new GemmFloorFixture(Integer.parseInt(kind.substring(1)), b, t, i, h);
                forward = f::forward;
                trainingStep = f::training;
                break;
            }
            default:
                throw new IllegalArgumentException("unknown layer '" + layer + "'");
        }
    }

    private static String dl4jKind(String kind) {
        switch (kind) {
            case "CarouselPeepholeLSTM": return "carouselPeepholeLSTM";
            case "CarouselGRU": return "carouselGRU_resetAfter";
            case "LSTM": return "dl4jLSTM";
            case "GravesLSTM": return "dl4jGravesLSTM";
            default: throw new IllegalArgumentException("unknown DL4J layer '" + kind + "'");
        }
    }

    private static String djlKind(String kind) {
        switch (kind) {
            case "CarouselPeepholeLSTM": return "carouselPeepholeLstm";
            case "CarouselGRU": return "carouselGruResetAfterHandwritten";
            case "LSTM": return "djlLstm";
            case "GRU": return "djlGru";
            default: throw new IllegalArgumentException("unknown DJL layer '" + kind + "'");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        resources.close();
    }

    /** One forward pass over {@code batch} sequences (inference mode). */
    @Benchmark
    public Object forward() {
        return forward.get();
    }

    /** One training step over {@code batch} sequences: forward and backward. */
    @Benchmark
    public Object trainingStep() {
        return trainingStep.get();
    }
}
