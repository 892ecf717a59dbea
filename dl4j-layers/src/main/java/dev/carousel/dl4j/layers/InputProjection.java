package dev.carousel.dl4j.layers;

import dev.carousel.dl4j.host.HostGemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input part of every gate pre-activation, {@code A = X W + b} ([T*B, width], time-major), which a layer
 * computes with matrix products over many steps at once rather than one step at a time.
 *
 * <p>When backward follows, or on the ND4J-operations path, the buffer holds all T steps, filled by one gemm (the
 * layer then overwrites each step's rows with the gate activations backward reads). A host-path inference pass
 * needs each step's rows only until that step is done, so it projects {@link #INFERENCE_CHUNK} steps at a time
 * (more for small layers: a chunk holds at least {@link #CHUNK_ELEMENTS} values) into a buffer that small: the
 * same arithmetic, but a working set that stays in cache and no T-step buffer to allocate and fault in on every
 * call. When the batch is split into row blocks on several threads, each block runs through every step on its
 * own, so the buffer then holds all T steps too.
 */
final class InputProjection {
    /** Steps projected per gemm on the host inference path, at least. */
    static final int INFERENCE_CHUNK = 16;
    /** Elements a chunk holds at least, so that small layers do not pay one native call per few steps. */
    static final long CHUNK_ELEMENTS = 1 << 16;

    private final SequencePass p;
    private final INDArray w;
    private final INDArray bias;
    private final int chunk;
    private int loaded = -1;
    /** The projected steps, [chunk*B, width] ('c'); all T steps when backward follows. */
    final INDArray buffer;

    InputProjection(SequencePass p, INDArray w, INDArray bias, long width) {
        this.p = p;
        this.w = w;
        this.bias = bias;
        long perStep = (long) p.batch * width;
        long steps = Math.max(INFERENCE_CHUNK, (CHUNK_ELEMENTS + perStep - 1) / perStep);
        boolean whole = p.forBackprop || !p.host || p.rowBlocks.count() > 1;   // row blocks run through all steps
        this.chunk = whole ? p.time : (int) Math.min(p.time, steps);
        this.buffer = p.memory.get("xw", false, (long) chunk * p.batch, width);
        if (chunk == p.time) {
            project(0);
        }
    }

    /** Makes step t's rows available and returns the step's index inside {@link #buffer}. */
    int step(int t) {
        int c0 = t - t % chunk;
        if (c0 != loaded) {
            project(c0);
        }
        return t - c0;
    }

    private void project(int t0) {
        int n = Math.min(chunk, p.time - t0);
        INDArray dst = n == chunk ? buffer : p.steps(buffer, 0, n);
        if (p.host) {
            HostGemm.gemm(p.steps(p.x, t0, n), w, dst, false, false, 1.0, 0.0, p.rowBlocks.count());
        } else {
            Nd4j.gemm(p.steps(p.x, t0, n), w, dst, false, false, 1.0, 0.0);
        }
        dst.addiRowVector(bias);
        loaded = t0;
    }
}
