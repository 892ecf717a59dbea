package dev.carousel.bench.jmh;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.carousel.djl.GRU;
import dev.carousel.djl.PeepholeLSTM;
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
 * recurrent layer on the CPU, B=32, T=100, I=64, H=128, float32, batch-first. Layers:
 * <ul>
 *   <li>{@code carouselPeepholeLstm}: Carousel PeepholeLSTM (peepholes, hand-written cell loop)</li>
 *   <li>{@code carouselLstmHandwritten}: Carousel PeepholeLSTM without peepholes, fused dispatch off</li>
 *   <li>{@code carouselLstmFusedDispatch}: the same, fused dispatch on (calls torch::lstm)</li>
 *   <li>{@code djlLstm}: DJL's own LSTM (torch::lstm)</li>
 *   <li>{@code carouselGruResetBefore}: Carousel GRU reset-before (hand-written)</li>
 *   <li>{@code carouselGruResetAfterHandwritten}: Carousel GRU reset-after, fused dispatch off</li>
 *   <li>{@code carouselGruFusedDispatch}: Carousel GRU reset-after, fused dispatch on (torch::gru)</li>
 *   <li>{@code djlGru}: DJL's own GRU (torch::gru)</li>
 * </ul>
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

    private NDManager manager;
    private Block block;
    private NDArray x;
    private ParameterStore ps;

    /** The layer under test, by its parameter name. */
    public static Block build(String layer) {
        switch (layer) {
            case "carouselPeepholeLstm":
                return PeepholeLSTM.builder().setStateSize(H).build();
            case "carouselLstmHandwritten":
                return PeepholeLSTM.builder().setStateSize(H).optPeepholes(false).optFusedDispatch(false).build();
            case "carouselLstmFusedDispatch":
                return PeepholeLSTM.builder().setStateSize(H).optPeepholes(false).build();
            case "djlLstm":
                return ai.djl.nn.recurrent.LSTM.builder().setStateSize(H).setNumLayers(1).build();
            case "carouselGruResetBefore":
                return GRU.builder().setStateSize(H).optResetAfter(false).build();
            case "carouselGruResetAfterHandwritten":
                return GRU.builder().setStateSize(H).optFusedDispatch(false).build();
            case "carouselGruFusedDispatch":
                return GRU.builder().setStateSize(H).build();
            case "djlGru":
                return ai.djl.nn.recurrent.GRU.builder().setStateSize(H).setNumLayers(1).build();
            default:
                throw new IllegalArgumentException("unknown layer " + layer);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        block = build(layer);
        block.initialize(manager, DataType.FLOAT32, new Shape(B, T, I));
        x = manager.randomUniform(-1, 1, new Shape(B, T, I));
        ps = new ParameterStore(manager, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** Forward only, inference mode (no gradient recording). */
    @Benchmark
    public float inference() {
        try (NDScope scope = new NDScope()) {
            return block.forward(ps, new NDList(x), false).head().getFloat(0, 0, 0);
        }
    }

    /** Forward + backward. */
    @Benchmark
    public float trainingStep() {
        try (NDScope scope = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(ps, new NDList(x), true).head();
            NDArray loss = y.mean();
            gc.backward(loss);
            return loss.getFloat();
        }
    }
}
