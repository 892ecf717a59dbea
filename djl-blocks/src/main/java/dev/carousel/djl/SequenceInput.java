package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The validated inputs of one recurrent layer: {@code x}, optional per-sequence lengths, optional initial states.
 *
 * <p>The input list is {@code [x]}, {@code [x, lengths]}, {@code [x, h0(, c0)]} or {@code [x, lengths, h0(, c0)]}:
 * x is [B, T, I] (batch-first) or [T, B, I] (time-major); lengths is a rank-1 integer array of B values in
 * [0, T] (equations.md section 3), shaped [B] or [B, 1]; each initial state is [B, H] (floating-point). A rank-1
 * second array, or an integer one of rank 2, is the lengths; a floating-point rank-2 one is a state, so the forms
 * cannot be confused. Anything else (wrong rank or size, lengths out of range, a data type that
 * differs from the parameters', NaN or ±Infinity in x or a state, see {@link FiniteCheck}) raises an {@link IllegalArgumentException} that names what
 * was expected and what came.
 */
public final class SequenceInput {
    final NDArray x;
    final boolean batchFirst;
    final int batch;
    final int time;
    final int features;
    /** Per-sequence lengths, or null when every sequence has all T steps. */
    final int[] lengths;
    /** min over b of L_b (T without lengths): every step before it is valid for every sequence. */
    final int minLength;
    /** max over b of L_b (T without lengths): no sequence has a valid step from here on. */
    final int maxLength;
    /** The given initial states [B, H] (h0, c0), or null where none came. */
    final NDArray[] initialStates;

    private SequenceInput(NDArray x, boolean batchFirst, int[] lengths, NDArray[] initialStates) {
        this.x = x;
        this.batchFirst = batchFirst;
        Shape s = x.getShape();
        this.batch = (int) (batchFirst ? s.get(0) : s.get(1));
        this.time = (int) (batchFirst ? s.get(1) : s.get(0));
        this.features = (int) s.get(2);
        this.lengths = lengths;
        int lo = time;
        int hi = lengths == null ? time : 0;
        if (lengths != null) {
            for (int l : lengths) {
                lo = Math.min(lo, l);
                hi = Math.max(hi, l);
            }
        }
        this.minLength = lo;
        this.maxLength = hi;
        this.initialStates = initialStates;
    }

    /**
     * Parses and checks {@code inputs}.
     *
     * @param inputs      the block's input list
     * @param batchFirst  layout of x
     * @param inputSize   I expected, or -1 when not yet known
     * @param hiddenSize  H
     * @param stateCount  1 (GRU) or 2 (LSTM)
     * @param dataType    the parameters' data type, or null when not yet known
     * @param name        the block's name for messages
     */
    static SequenceInput parse(NDList inputs, boolean batchFirst, long inputSize, long hiddenSize, int stateCount,
                               DataType dataType, String name) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected inputs [x(, lengths)(, h0" + (stateCount == 2
                    ? ", c0" : "") + ")], got none");
        }
        NDArray x = inputs.get(0);
        String layout = batchFirst ? "[B, T, I] (batch-first)" : "[T, B, I] (time-major)";
        if (x.getShape().dimension() != 3) {
            throw new IllegalArgumentException(name + ": expected input x of rank 3 " + layout + ", got shape "
                    + x.getShape());
        }
        if (inputSize > 0 && x.getShape().get(2) != inputSize) {
            throw new IllegalArgumentException(name + ": expected input x with " + inputSize + " features "
                    + layout + ", got shape " + x.getShape());
        }
        if (dataType != null && x.getDataType() != dataType) {
            throw new IllegalArgumentException(name + ": expected input x of data type " + dataType
                    + " (the parameters' type), got " + x.getDataType());
        }
        if (!x.getDataType().isFloating()) {
            throw new IllegalArgumentException(name + ": expected a floating-point input x, got " + x.getDataType());
        }
        FiniteCheck.require(x, name, "input x");
        long batch = batchFirst ? x.getShape().get(0) : x.getShape().get(1);
        long time = batchFirst ? x.getShape().get(1) : x.getShape().get(0);
        if (batch == 0 || time == 0) {
            throw new IllegalArgumentException(name + ": expected input x " + layout + " with at least one sequence"
                    + " (B >= 1) and one time step (T >= 1), got shape " + x.getShape());
        }
        int next = 1;
        int[] lengths = null;
        if (lengthsOf(inputs) != null) {
            lengths = readLengths(inputs.get(1), batch, time, name);
            next = 2;
        }
        int remaining = inputs.size() - next;
        NDArray[] states = null;
        if (remaining != 0) {
            if (remaining != stateCount) {
                throw new IllegalArgumentException(name + ": expected " + stateCount + " initial state array"
                        + (stateCount == 2 ? "s (h0, c0)" : " (h0)") + " after x" + (lengths != null ? " and lengths"
                        : "") + ", got " + remaining + " (inputs " + describe(inputs) + ")");
            }
            states = new NDArray[stateCount];
            for (int k = 0; k < stateCount; k++) {
                NDArray st = inputs.get(next + k);
                String what = k == 0 ? "h0" : "c0";
                Shape want = new Shape(batch, hiddenSize);
                if (!st.getShape().equals(want)) {
                    throw new IllegalArgumentException(name + ": expected initial state " + what + " of shape "
                            + want + " [B, H], got " + st.getShape());
                }
                if (st.getDataType() != x.getDataType()) {
                    throw new IllegalArgumentException(name + ": expected initial state " + what + " of data type "
                            + x.getDataType() + ", got " + st.getDataType());
                }
                FiniteCheck.require(st, name, "initial state " + what);
                states[k] = st;
            }
        }
        return new SequenceInput(x, batchFirst, lengths, states);
    }

    /**
     * Reads and checks per-sequence lengths: int32 or int64, shaped [B] or [B, 1], each in [0, T].
     */
    static int[] readLengths(NDArray lengths, long batch, long time, String name) {
        DataType t = lengths.getDataType();
        if (t != DataType.INT32 && t != DataType.INT64) {
            throw new IllegalArgumentException(name + ": expected lengths of type int32 or int64, got " + t);
        }
        Shape ls = lengths.getShape();
        if (ls.dimension() == 2 && ls.get(1) != 1) {
            throw new IllegalArgumentException(name + ": expected lengths of shape [B] or [B, 1] = (" + batch
                    + ") or (" + batch + ", 1), got " + ls);
        }
        if (lengths.getShape().get(0) != batch) {
            throw new IllegalArgumentException(name + ": expected " + batch + " lengths (one per sequence), got "
                    + lengths.getShape().get(0));
        }
        long[] values = t == DataType.INT32 ? toLong(lengths.toIntArray()) : lengths.toLongArray();
        int[] out = new int[values.length];
        for (int b = 0; b < values.length; b++) {
            if (values[b] < 0 || values[b] > time) {
                throw new IllegalArgumentException(name + ": expected lengths[" + b + "] in [0, " + time
                        + "] (T), got " + values[b]);
            }
            out[b] = (int) values[b];
        }
        return out;
    }

    private static long[] toLong(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static String describe(NDList list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(list.get(i).getShape());
        }
        return sb.append(']').toString();
    }

    /** Whether every sequence runs all T steps. */
    boolean isFullLength() {
        return minLength == time;
    }

    /** x as [T, B, I] (a view for batch-first input). */
    NDArray timeMajor() {
        return batchFirst ? x.transpose(1, 0, 2) : x;
    }

    /** The lengths array of a block's input list ([x, lengths, ...]: a rank-1 second array), or null. */
    static NDArray lengthsOf(NDList inputs) {
        return inputs != null && inputs.size() > 1 && isLengths(inputs.get(1)) ? inputs.get(1) : null;
    }

    /**
     * Whether an input array after x is the lengths: any rank-1 array (its type is checked afterwards), or an
     * integer array of rank 2 ([B, 1]; states are floating-point, so an integer [B, 1] array is never a state).
     */
    static boolean isLengths(NDArray a) {
        int rank = a.getShape().dimension();
        return rank == 1 || (rank == 2 && !a.getDataType().isFloating());
    }

    /**
     * A block's output list: y, then the input's lengths array when one came (the same array, so the next Carousel
     * block of a {@code SequentialBlock} sees them), then the final states when {@code returnState}:
     * {@code [y(, lengths)(, h_n(, c_n))]}, the input convention.
     */
    static NDList output(NDList run, boolean returnState, NDArray lengths) {
        NDList out = new NDList(run.get(0));
        if (lengths != null) {
            out.add(lengths);
        }
        if (returnState) {
            out.addAll(run.subNDList(1));
        }
        return out;
    }

    /** The output shapes for {@link #output}: y's, the lengths' shape when the input shapes have one, the states'. */
    static ai.djl.ndarray.types.Shape[] outputShapes(Shape[] inputShapes, Shape[] yAndStates) {
        if (inputShapes.length < 2 || inputShapes[1].dimension() != 1) {
            return yAndStates;
        }
        Shape[] out = new Shape[yAndStates.length + 1];
        out[0] = yAndStates[0];
        out[1] = inputShapes[1];
        System.arraycopy(yAndStates, 1, out, 2, yAndStates.length - 1);
        return out;
    }
}
