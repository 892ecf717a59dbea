package dev.carousel.bench.jmh;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The four operations the DL4J layer benchmarks time on a {@link Dl4jLayerFixture}: layer-level training step
 * (forward in training mode + backpropagation of a fixed dL/dy, no workspaces) and inference, and the same layer in
 * a MultiLayerNetwork, {@code fit} and {@code output} (DL4J's default workspaces). Subclasses choose the shape and
 * the reporting mode and build {@link #f} in their setup. {@code streamingStep}: one {@code rnnTimeStep} of one
 * time step from the stored state. Each operation waits for the backend's queue before it returns ({@link #done}),
 * so that on CUDA, whose kernels run asynchronously, a timing covers the work and not only its launch.
 */
@State(Scope.Benchmark)
public abstract class Dl4jLayerOperations {
    protected Dl4jLayerFixture f;

    @Benchmark
    public Object layerTraining() {
        return done(f.layerTrainingStep());
    }

    @Benchmark
    public INDArray layerInference() {
        return done(f.layerInference());
    }

    @Benchmark
    public INDArray networkFit() {
        f.networkFit();
        return done(f.net.params());
    }

    @Benchmark
    public INDArray networkOutput() {
        return done(f.networkOutput());
    }

    /** {@code result}, once every queued ND4J operation has finished (a no-op on the CPU backend). */
    private static <T> T done(T result) {
        Nd4j.getExecutioner().commit();
        return result;
    }

    /** Streaming inference: one {@code rnnTimeStep} of a single time step (batch 1 with {@code -p batch=1}). */
    @Benchmark
    public INDArray streamingStep() {
        return done(f.streamingStep());
    }
}
