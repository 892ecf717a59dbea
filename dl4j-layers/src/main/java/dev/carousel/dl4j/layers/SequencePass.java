package dev.carousel.dl4j.layers;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pass of a recurrent layer over a minibatch, in the time-major layout the time loops use: row {@code t*B + b}
 * of a [T*B, n] matrix belongs to step t of sequence b, so each step is a contiguous block of B rows and the
 * input projection of all steps is a single matrix product.
 */
final class SequencePass {
    final int batch;
    final int time;
    /** Input [T*B, I], 'c' order. */
    final INDArray x;
    /** Mask [T, B] ('c', 0/1) or null. */
    final INDArray mask;
    /** The same mask as doubles, time-major (index t*B + b), or null; only on the host path. */
    final double[] maskHost;
    /** Initial states [B, H] each (h, then c for an LSTM), or null for zeros. */
    final INDArray[] initialState;
    /** Whether backward will follow (keep every step's caches). */
    final boolean forBackprop;
    /** Whether the pointwise maths runs in Java loops (CPU fast path) or as ND4J operations. */
    final boolean host;
    /** Where the output goes (ACTIVATIONS, or BP_WORKING_MEM when the forward is recomputed for backprop). */
    final ArrayType outputType;
    /** Where the working arrays go (FF_WORKING_MEM or BP_WORKING_MEM) when they are not kept. */
    final ArrayType workType;
    /** Where the pass's arrays live. */
    final PassMemory memory;
    /** How the host path's time loops split the batch across threads (one block on the ND4J-operations path). */
    final dev.carousel.dl4j.host.RowBlocks rowBlocks;

    /** Outputs [T*B, H], 0 at masked steps. */
    INDArray y;
    /** Final states [B, H] (h, then c), the state after each sequence's last unmasked step. */
    INDArray[] finalState;
    /** The layer's per-step caches for backward (layer-specific, time-major). */
    INDArray[] caches;
    /** dL/d(final state) to start backward from (h, then c), or null for zeros. */
    INDArray[] finalStateGradient;
    /** dL/d(initial state) after backward. */
    INDArray[] initialStateGradient;

    SequencePass(int batch, int time, INDArray x, INDArray mask, double[] maskHost, INDArray[] initialState,
                 boolean forBackprop, boolean host, ArrayType outputType, ArrayType workType, PassMemory memory,
                 dev.carousel.dl4j.host.RowBlocks rowBlocks) {
        this.batch = batch;
        this.time = time;
        this.x = x;
        this.mask = mask;
        this.maskHost = maskHost;
        this.initialState = initialState;
        this.forBackprop = forBackprop;
        this.host = host;
        this.outputType = outputType;
        this.workType = workType;
        this.memory = memory;
        this.rowBlocks = rowBlocks;
    }

    /**
     * Steps of state a pass keeps: every step's (the initial state and the state after each step) when backward
     * follows, else only two that the time loop alternates between (inference need not hold T states).
     */
    int stateSlots() {
        return forBackprop ? time + 1 : 2;
    }

    /** The slot of the state after step t (t = 0: the initial state) in an array of {@link #stateSlots()} steps. */
    int slot(int t) {
        return forBackprop ? t : t & 1;
    }

    /** Steps of a per-step cache a pass keeps: every step's when backward follows, else one. */
    int cacheSlots() {
        return forBackprop ? time : 1;
    }

    /** The slot of step t's cache in an array of {@link #cacheSlots()} steps. */
    int cacheSlot(int t) {
        return forBackprop ? t : 0;
    }

    /** Rows of step t in a time-major matrix. */
    long rowStart(int t) {
        return (long) t * batch;
    }

    /** Rows [t0*B, (t0+steps)*B) of a time-major matrix, a contiguous view. */
    INDArray steps(INDArray m, int t0, int steps) {
        return m.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) t0 * batch, (long) (t0 + steps) * batch),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }

    /** The [B, 1] mask column of step t, or null. */
    INDArray maskColumn(int t) {
        return mask == null ? null : mask.getRow(t).reshape(batch, 1);
    }
}
