package dev.carousel.dl4j.layers;

import dev.carousel.dl4j.host.HostGemm;
import dev.carousel.dl4j.host.HostView;
import dev.carousel.dl4j.host.NativeMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input part of every gate pre-activation, {@code A = X W + b} ([T*B, width], time-major), which a layer
 * computes with matrix products over many steps at once rather than one step at a time.
 *
 * <p>When backward follows, or on the ND4J-operations path, the buffer holds all T steps, filled by one gemm (the
 * layer then overwrites each step's rows with the gate activations backward reads), cut into one slab per row block
 * when the batch is split. A host-path inference pass needs each step's rows only until that step is done, so it
 * projects {@link #INFERENCE_CHUNK} steps at a time (more for small layers: a chunk holds at least
 * {@link #CHUNK_ELEMENTS} values) into a buffer that small: the same arithmetic, but a working set that stays in
 * cache and no T-step buffer to allocate and fault in on every call. When such a pass splits the batch into row
 * blocks, each block projects its own rows a chunk at a time into its own small buffer, on its own thread
 * ({@link #rows}).
 */
final class InputProjection {
    /** Steps projected per gemm on the host inference path, at least. */
    static final int INFERENCE_CHUNK = 16;
    /** Elements a chunk holds at least, so that small layers do not pay one native call per few steps. */
    static final long CHUNK_ELEMENTS = 1 << 16;

    private final SequencePass p;
    private final INDArray w;
    /** All T projected steps, [T*B, width] ('c'), when backward follows or on the ND4J-operations path, else null. */
    final INDArray buffer;

    /** Per-block projections of a host inference pass (each block projects its own rows), else null. */
    private final Rows[] blockRows;

    InputProjection(SequencePass p, INDArray w, INDArray bias, long width) {
        this.p = p;
        this.w = w;
        int count = p.rowBlocks.count();
        if (p.host && !p.forBackprop) {
            this.buffer = null;
            this.blockRows = new Rows[count];
            double[] b = HostView.vector(bias);
            for (int i = 0; i < count; i++) {
                int nR = p.rowBlocks.size(i);
                long perStep = (long) nR * width;
                long least = count == 1 ? INFERENCE_CHUNK : BLOCK_CHUNK;
                int steps = (int) Math.min(p.time, Math.max(least, (CHUNK_ELEMENTS + perStep - 1) / perStep));
                blockRows[i] = new Rows(p.memory.get("xw" + i, false, (long) steps * nR, width), p.rowBlocks.start(i),
                        nR, steps, b);
            }
            return;
        }
        this.blockRows = null;
        this.buffer = p.memory.get("xw", false, (long) p.time * p.batch, width);
        if (p.host) {                                        // one slab per row block
            HostGemm.gemm(p.x, w, buffer, false, false, 1.0, 0.0, p.rowBlocks.count());
        } else {
            Nd4j.gemm(p.x, w, buffer, false, false, 1.0, 0.0);
        }
        buffer.addiRowVector(bias);
    }

    /** Steps a row block's own buffer holds at least. */
    static final int BLOCK_CHUNK = 4;

    /**
     * Where the time loop of row block i finds its rows: the block's own projection on a host inference pass, else
     * the shared buffer seen from the block's first row. Call on the calling thread, before the blocks start.
     */
    Rows rows(int i) {
        return blockRows != null ? blockRows[i] : new Rows(p.rowBlocks.start(i));
    }

    /** The index of step t inside {@link #buffer} (which holds all steps). */
    int step(int t) {
        return t;
    }

    /**
     * One row block's view of the projection: {@link #step} makes step t's rows available and returns its index
     * s, {@link #row} gives the first row of the block at index s inside {@link #buffer}. Belongs to the block's
     * thread (its native matrices hold movable pointers). No allocation per step.
     */
    final class Rows {
        final INDArray buffer;
        final HostView view;
        final NativeMatrix matrix;
        private final int r0;
        private final int nR;
        private final int steps;
        private final boolean own;
        private final double[] biasRow;
        private final NativeMatrix xM;
        private final NativeMatrix wM;
        private final double[] tmp;
        private int loaded = -1;

        /** The shared buffer, from row r0 on. */
        private Rows(int r0) {
            this.buffer = InputProjection.this.buffer;
            this.view = new HostView(buffer);
            this.matrix = new NativeMatrix(buffer);
            this.r0 = r0;
            this.nR = 0;
            this.steps = 0;
            this.own = false;
            this.biasRow = null;
            this.xM = null;
            this.wM = null;
            this.tmp = null;
        }

        /** A block's own buffer of {@code steps} steps of its nR rows. */
        private Rows(INDArray buffer, int r0, int nR, int steps, double[] biasRow) {
            this.buffer = buffer;
            this.view = new HostView(buffer);
            this.matrix = new NativeMatrix(buffer);
            this.r0 = r0;
            this.nR = nR;
            this.steps = steps;
            this.own = true;
            this.biasRow = biasRow;
            this.xM = new NativeMatrix(p.x);
            this.wM = new NativeMatrix(w);
            this.tmp = new double[nR * biasRow.length];
        }

        int step(int t) {
            if (!own) {
                return InputProjection.this.step(t);
            }
            int c0 = t - t % steps;
            if (c0 != loaded) {
                projectOwn(c0);
            }
            return t - c0;
        }

        long row(int s) {
            return own ? (long) s * nR : (long) s * p.batch + r0;
        }

        /**
         * This block's rows of steps [t0, t0 + steps), + b: one product for the chunk when the block is the whole
         * batch (its rows of consecutive steps are consecutive rows of X), else one per step (x_t of the block's
         * rows times W). Through native pointers, with the bias added in Java: no view or operation per chunk.
         */
        private void projectOwn(int t0) {
            int n = Math.min(steps, p.time - t0);
            int width = biasRow.length;
            int nIn = (int) w.size(0);
            if (nR == p.batch) {
                HostGemm.gemm(xM, (long) t0 * p.batch, 0, false, wM, 0, 0, false, matrix, 0, 0, n * nR, width, nIn,
                        1.0, 0.0, n * nR == 1);
            }
            for (int j = 0; j < n; j++) {
                if (nR != p.batch) {
                    HostGemm.gemm(xM, (long) (t0 + j) * p.batch + r0, 0, false, wM, 0, 0, false, matrix,
                            (long) j * nR, 0, nR, width, nIn, 1.0, 0.0);
                }
                long at = (long) j * nR * width;
                view.read(at, tmp, 0, tmp.length);
                for (int r = 0; r < nR; r++) {
                    int o = r * width;
                    for (int k = 0; k < width; k++) {
                        tmp[o + k] += biasRow[k];
                    }
                }
                view.write(at, tmp, 0, tmp.length);
            }
            loaded = t0;
        }
    }
}
