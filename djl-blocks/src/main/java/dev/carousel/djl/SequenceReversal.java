package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Reverses each sequence within its own length (packed semantics): step t of sequence b goes to L_b - 1 - t for
 * t &lt; L_b, and padded steps stay where they are. Applying it twice gives the input back, so the same reversal
 * turns the backward direction's outputs back into input order.
 *
 * <p>Without lengths this is {@code flip} along time; with lengths one {@code gather} along time with an index
 * built on the host (both are differentiable and implemented by the PyTorch engine).
 */
final class SequenceReversal {
    private final int[] lengths;
    private final boolean batchFirst;
    private final int batch;
    private final int time;

    SequenceReversal(SequenceInput in) {
        this.lengths = in.lengths;
        this.batchFirst = in.batchFirst;
        this.batch = in.batch;
        this.time = in.time;
    }

    /** a ([B, T, W] or [T, B, W]) with every sequence reversed within its length. */
    NDArray apply(NDArray a) {
        int timeAxis = batchFirst ? 1 : 0;
        if (lengths == null || time == 0) {
            return a.flip(timeAxis);
        }
        int width = (int) a.getShape().get(2);
        long[] index = new long[batch * time * width];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                long src = t < lengths[b] ? lengths[b] - 1 - t : t;
                int base = batchFirst ? (b * time + t) * width : (t * batch + b) * width;
                for (int k = 0; k < width; k++) {
                    index[base + k] = src;
                }
            }
        }
        Shape shape = batchFirst ? new Shape(batch, time, width) : new Shape(time, batch, width);
        NDArray idx;
        try (NDArray borrowed = a.getManager().create(index, shape)) {
            idx = borrowed.duplicate();              // engine-owned memory: autograd keeps the index for backward
        }
        return a.gather(idx, timeAxis);
    }
}
