package dev.carousel.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.carousel.testing.RandomArrays;

/**
 * One forward and backward pass of a block, L = sum_k sum(out_k . upstream_k) (sum(out_0) without upstream
 * gradients), with arrays as doubles.
 */
final class BlockPass {
    final NDList outputs;

    private BlockPass(NDList outputs) {
        this.outputs = outputs;
    }

    /** Runs {@code block} on {@code inputs} (set requiresGradient on those whose gradients you want). */
    static BlockPass run(Block block, NDManager m, NDList inputs, NDArray... upstream) {
        ParameterStore ps = new ParameterStore(m, false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = block.forward(ps, inputs, true);
            if (inputs.size() > 1 && inputs.get(1).getShape().dimension() == 1) {
                out = new NDList(out);
                out.remove(1);              // the lengths, passed through after y; outputs are then [y(, states)]
            }
            NDArray loss = upstream.length == 0 ? out.get(0).sum() : m.zeros(new Shape(), out.get(0).getDataType());
            for (int k = 0; k < upstream.length && k < out.size(); k++) {
                if (upstream[k] != null) {
                    loss = loss.add(out.get(k).mul(upstream[k]).sum());
                }
            }
            gc.backward(loss);
            return new BlockPass(out);
        }
    }

    static double[] values(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    static double[] grad(NDArray a) {
        return values(a.getGradient());
    }

    /** [B][T][W] doubles to a batch-first float64 array. */
    static NDArray create(NDManager m, double[][][] v) {
        return m.create(RandomArrays.flatten(v), new Shape(v.length, v[0].length, v[0][0].length));
    }

    static NDArray create(NDManager m, double[][] v) {
        return m.create(RandomArrays.flatten(v), new Shape(v.length, v[0].length));
    }

    /** Slices the last axis [from, to) of a batch-first [B][T][W] double array. */
    static double[][][] columns(double[] flat, int batch, int time, int width, int from, int to) {
        double[][][] out = new double[batch][time][to - from];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                for (int k = from; k < to; k++) {
                    out[b][t][k - from] = flat[(b * time + t) * width + k];
                }
            }
        }
        return out;
    }
}
