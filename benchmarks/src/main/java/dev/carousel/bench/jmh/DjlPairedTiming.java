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
import java.util.Arrays;

/**
 * A paired complement to {@link DjlRecurrentTrainingBenchmark} for shared, loaded machines: the layers' training
 * steps run interleaved (layer 1, layer 2, ..., layer 1, ...) in one JVM, so every layer sees the same background
 * load, and the minimum and median per layer are printed. Same shape and layers as the JMH benchmark.
 *
 * <p>Usage: {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp ... dev.carousel.bench.jmh.DjlPairedTiming
 * REPS LAYER...} (layer names as in the benchmark's {@code layer} parameter).
 */
public final class DjlPairedTiming {
    private DjlPairedTiming() {
    }

    public static void main(String[] args) {
        int reps = Integer.parseInt(args[0]);
        String[] layers = Arrays.copyOfRange(args, 1, args.length);
        Shape shape = new Shape(DjlRecurrentTrainingBenchmark.B, DjlRecurrentTrainingBenchmark.T,
                DjlRecurrentTrainingBenchmark.I);
        try (NDManager m = NDManager.newBaseManager()) {
            Block[] blocks = new Block[layers.length];
            for (int k = 0; k < layers.length; k++) {
                blocks[k] = DjlRecurrentTrainingBenchmark.build(layers[k]);
                blocks[k].initialize(m, DataType.FLOAT32, shape);
            }
            NDArray x = m.randomUniform(-1, 1, shape);
            ParameterStore ps = new ParameterStore(m, false);
            int warmup = Math.max(3, reps / 5);
            double[][] ms = new double[layers.length][reps];
            for (int rep = -warmup; rep < reps; rep++) {
                for (int k = 0; k < layers.length; k++) {
                    long t0 = System.nanoTime();
                    try (NDScope scope = new NDScope();
                         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = blocks[k].forward(ps, new NDList(x), true).head().mean();
                        gc.backward(loss);
                        loss.getFloat();
                    }
                    if (rep >= 0) {
                        ms[k][rep] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            System.out.printf("training step B=%d T=%d I=%d H=%d float32, %d interleaved reps, num_threads=%s%n",
                    shape.get(0), shape.get(1), shape.get(2), DjlRecurrentTrainingBenchmark.H, reps,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"));
            for (int k = 0; k < layers.length; k++) {
                Arrays.sort(ms[k]);
                System.out.printf("  %-34s min %7.1f ms   median %7.1f ms%n", layers[k], ms[k][0], ms[k][reps / 2]);
            }
        }
    }
}
