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

/**
 * A DJL recurrent layer on the CPU engine, float32, batch-first x [B, T, I] uniform in [-1, 1], ready for the JMH
 * benchmarks' two operations: inference forward and training step (forward + backward through a
 * GradientCollector, loss = mean(y)). Every operation runs inside an {@link NDScope}, so its intermediate arrays are
 * freed when it returns; the fixture's own manager (parameters, x) is freed by {@link #close}.
 *
 * <p>Layer kinds ({@link #block}):
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
 * Threads: the JVM's {@code -Dai.djl.pytorch.num_threads}; offline: {@code -Dai.djl.offline=true}.
 */
final class DjlLayerFixture implements AutoCloseable {
    private final NDManager manager;
    private final Block block;
    private final NDArray x;
    private final ParameterStore ps;

    DjlLayerFixture(String kind, int batch, int time, int input, int hidden) {
        Shape shape = new Shape(batch, time, input);
        manager = NDManager.newBaseManager();
        block = block(kind, hidden);
        block.initialize(manager, DataType.FLOAT32, shape);
        x = manager.randomUniform(-1, 1, shape);
        ps = new ParameterStore(manager, false);
    }

    /** The layer of this kind with state size {@code hidden}. */
    static Block block(String kind, int hidden) {
        switch (kind) {
            case "carouselPeepholeLstm":
                return PeepholeLSTM.builder().setStateSize(hidden).build();
            case "carouselLstmHandwritten":
                return PeepholeLSTM.builder().setStateSize(hidden).optPeepholes(false).optFusedDispatch(false)
                        .build();
            case "carouselLstmFusedDispatch":
                return PeepholeLSTM.builder().setStateSize(hidden).optPeepholes(false).build();
            case "djlLstm":
                return ai.djl.nn.recurrent.LSTM.builder().setStateSize(hidden).setNumLayers(1).build();
            case "carouselGruResetBefore":
                return GRU.builder().setStateSize(hidden).optResetAfter(false).build();
            case "carouselGruResetAfterHandwritten":
                return GRU.builder().setStateSize(hidden).optFusedDispatch(false).build();
            case "carouselGruFusedDispatch":
                return GRU.builder().setStateSize(hidden).build();
            case "djlGru":
                return ai.djl.nn.recurrent.GRU.builder().setStateSize(hidden).setNumLayers(1).build();
            default:
                throw new IllegalArgumentException("unknown DJL layer kind '" + kind + "'; expected one of "
                        + "carouselPeepholeLstm, carouselLstmHandwritten, carouselLstmFusedDispatch, djlLstm, "
                        + "carouselGruResetBefore, carouselGruResetAfterHandwritten, carouselGruFusedDispatch, djlGru");
        }
    }

    /** Forward only, inference mode (no gradient recording); returns y[0, 0, 0]. */
    float inference() {
        try (NDScope scope = new NDScope()) {
            return block.forward(ps, new NDList(x), false).head().getFloat(0, 0, 0);
        }
    }

    /** Forward + backward of loss = mean(y); returns the loss. */
    float trainingStep() {
        try (NDScope scope = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = block.forward(ps, new NDList(x), true).head().mean();
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    /**
     * The sum of |dL/dp| over the block's first parameter, as the last training step left it (a check that the step
     * really ran backward: 0 or an exception when no gradient was recorded).
     */
    double firstGradientAbsSum() {
        NDArray p = block.getParameters().valueAt(0).getArray();
        try (NDScope scope = new NDScope()) {
            return p.getGradient().abs().sum().getFloat();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
