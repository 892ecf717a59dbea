package dev.carousel.bench.jmh;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The four operations the DL4J layer benchmarks time on a {@link Dl4jLayerFixture}: layer-level training step
 * (forward in training mode + backpropagation of a fixed dL/dy, no workspaces) and inference, and the same layer in
 * a MultiLayerNetwork, {@code fit} and {@code output} (DL4J's default workspaces). Subclasses choose the shape and
 * the reporting mode and build {@link #f} in their setup. {@code streamingStep}: one {@code rnnTimeStep} of one
 * time step from the stored state.
 */
@State(Scope.Benchmark)
public abstract class Dl4jLayerOperations {
    protected Dl4jLayerFixture f;

    @Benchmark
    public Object layerTraining() {
        return f.layerTrainingStep();
    }

    @Benchmark
    public INDArray layerInference() {
        return f.layerInference();
    }

    @Benchmark
    public INDArray networkFit() {
        f.networkFit();
        return f.net.params();
    }

    @Benchmark
    public INDArray networkOutput() {
        return f.networkOutput();
    }

    /** Streaming inference: one {@code rnnTimeStep} of a single time step (batch 1 with {@code -p batch=1}). */
    @Benchmark
    public INDArray streamingStep() {
        return f.streamingStep();
    }
}
