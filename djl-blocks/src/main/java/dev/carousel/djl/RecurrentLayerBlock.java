package dev.carousel.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * What {@link PeepholeLSTM} and {@link GRU} share: the input convention, output shapes, the layout switch, state
 * return, and the versioned serialisation of the configuration.
 *
 * <p>Inputs: {@code [x]}, {@code [x, lengths]}, {@code [x, h0(, c0)]} or {@code [x, lengths, h0(, c0)]} with x
 * [B, T, I] (batch-first, the default) or [T, B, I], lengths a rank-1 int32/int64 array (equations.md section 3),
 * states [B, H]. Outputs: {@code [y]}, or with {@code optReturnState(true)} {@code [y, h_n(, c_n)]}; y has x's
 * layout with H features and is 0 at padded steps, h_n/c_n are the states after step L_b, [B, H].
 */
public abstract class RecurrentLayerBlock extends AbstractBlock implements SequenceLayer {
    protected final long stateSize;
    protected final boolean batchFirst;
    protected final boolean returnState;
    protected final boolean fusedDispatch;
    protected long inputSize = -1;

    protected RecurrentLayerBlock(byte version, BaseBuilder<?> b) {
        super(version);
        if (b.stateSize <= 0) {
            throw new IllegalArgumentException("state size must be positive, got " + b.stateSize
                    + " (call setStateSize)");
        }
        this.stateSize = b.stateSize;
        this.batchFirst = b.batchFirst;
        this.returnState = b.returnState;
        this.fusedDispatch = b.fused;
    }

    /** The builder options every Carousel recurrent block has. */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        protected long stateSize = -1;
        protected boolean batchFirst = true;
        protected boolean returnState;
        protected boolean fused = true;

        protected abstract T self();

        /** H, the state size (required). */
        public T setStateSize(int stateSize) {
            this.stateSize = stateSize;
            return self();
        }

        /** x as [B, T, I] (default true) or [T, B, I]. */
        public T optBatchFirst(boolean v) {
            batchFirst = v;
            return self();
        }

        /** Also return the final state(s) h_n (, c_n) (default false: only y, as DJL's blocks). */
        public T optReturnState(boolean v) {
            returnState = v;
            return self();
        }

        /** Dispatch to the engine's fused op when the maths equals it (default true). */
        public T optFusedDispatch(boolean v) {
            fused = v;
            return self();
        }
    }

    /** Number of state arrays: 2 (h, c) or 1 (h). */
    @Override
    public abstract int stateCount();

    /** H. */
    @Override
    public long getStateSize() {
        return stateSize;
    }

    /** I, or -1 before the block is initialised. */
    public long getInputSize() {
        return inputSize;
    }

    @Override
    public boolean isBatchFirst() {
        return batchFirst;
    }

    public boolean isReturnState() {
        return returnState;
    }

    /** Whether the block dispatches to the engine's fused op when the maths equals it. */
    public boolean isFusedDispatch() {
        return fusedDispatch;
    }

    /** The data type of the parameters, or null before initialisation. */
    public DataType getDataType() {
        Parameter first = getParameters().valueAt(0);
        return first.isInitialized() ? first.getArray().getDataType() : null;
    }

    /**
     * Runs the layer on validated inputs.
     *
     * @return y in the input's layout, then the final states [B, H]
     */
    protected abstract NDList runLayer(ParameterStore ps, SequenceInput in, boolean training);

    /** Whether this input can go to the engine's fused op (the maths and the lengths allow it). */
    public abstract boolean usesFusedPath(SequenceInput in);

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList out = runSequence(ps, inputs, training);
        return SequenceInput.output(out, returnState, SequenceInput.lengthsOf(inputs));
    }

    @Override
    public NDList runSequence(ParameterStore ps, NDList inputs, boolean training) {
        return runLayer(ps, parse(inputs), training);
    }

    @Override
    public int directions() {
        return 1;
    }

    /** Validates {@code inputs} against this block's configuration. */
    public SequenceInput parse(NDList inputs) {
        return SequenceInput.parse(inputs, batchFirst, inputSize, stateSize, stateCount(), getDataType(),
                getClass().getSimpleName());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return SequenceInput.outputShapes(inputShapes, yAndStateShapes(inputShapes));
    }

    /** y's shape, then the final states' when optReturnState(true). */
    Shape[] yAndStateShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        if (x.dimension() != 3) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input of rank 3, got "
                    + x);
        }
        Shape y = new Shape(x.get(0), x.get(1), stateSize);
        if (!returnState) {
            return new Shape[] {y};
        }
        long batch = batchFirst ? x.get(0) : x.get(1);
        Shape[] out = new Shape[1 + stateCount()];
        out[0] = y;
        for (int k = 1; k < out.length; k++) {
            out[k] = new Shape(batch, stateSize);
        }
        return out;
    }

    /** Also warns once if the engine's threads oversubscribe a busy machine ({@link ThreadCheck}). */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        ThreadCheck.once(manager.getEngine());
        super.initialize(manager, dataType, inputShapes);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        if (x.dimension() != 3) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": expected input of rank 3 ([B, T, I] or [T, B, I]), got " + x);
        }
        inputSize = x.get(2);
        prepareParameters(inputSize);
    }

    /** Sets the shapes of the parameters for input size I. */
    protected abstract void prepareParameters(long inputSize);

    /** Writes the subclass configuration (flags and activations) after the common fields. */
    protected abstract void saveConfig(DataOutputStream os) throws IOException;

    /** Reads what {@link #saveConfig} wrote and checks it against this block's configuration. */
    protected abstract void checkConfig(DataInputStream is) throws IOException, MalformedModelException;

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        BlockFormat.writeHeader(os, getClass().getSimpleName());
        saveInputShapes(os);
        os.writeLong(stateSize);
        os.writeLong(inputSize);
        os.writeBoolean(batchFirst);
        saveConfig(os);
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.readHeader(is, loadVersion, getClass().getSimpleName());
        Shape[] shapes = BlockFormat.readInputShapes(is, getClass().getSimpleName());
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        long h = is.readLong();
        long i = is.readLong();
        boolean bf = is.readBoolean();
        if (h != stateSize) {
            throw new MalformedModelException(getClass().getSimpleName() + ": saved state size " + h
                    + ", this block has " + stateSize);
        }
        if (bf != batchFirst) {
            throw new MalformedModelException(getClass().getSimpleName() + ": saved batchFirst=" + bf
                    + ", this block has batchFirst=" + batchFirst);
        }
        checkConfig(is);
        inputSize = i;
    }

    /**
     * Loads as {@link AbstractBlock} does, then marks the parameters as requiring gradients, as
     * {@code Parameter.initialize} does: a loaded block is trainable and runs the same kernels as the block that was
     * saved (libtorch picks other kernels for tensors that do not require gradients, which changes float32 results
     * in the last bit).
     */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.loadParameters(this, getClass().getSimpleName(), manager, is, v -> loadMetadata(v, is));
        for (Parameter p : getDirectParameters().values()) {
            p.getArray().setRequiresGradient(true);
        }
    }

    /** The initial states as [B, H] (the given ones, or zeros). */
    protected NDArray[] initialStates(SequenceInput in) {
        NDArray[] s = new NDArray[stateCount()];
        for (int k = 0; k < s.length; k++) {
            s[k] = in.initialStates != null ? in.initialStates[k]
                    : in.x.getManager().zeros(new Shape(in.batch, stateSize), in.x.getDataType());
        }
        return s;
    }

    /** y [T, B, H] to the input's layout, then the final states [B, H]. */
    protected NDList finish(SequenceInput in, NDArray yTimeMajor, NDArray[] finalStates) {
        NDList out = new NDList(finalStates.length + 1);
        out.add(batchFirst ? yTimeMajor.transpose(1, 0, 2) : yTimeMajor);
        for (NDArray s : finalStates) {
            out.add(s);
        }
        return out;
    }

    /**
     * The input projection of every step at once, x W^T + b for x as [T·B, I], split into T slices [B, G·H]
     * (one GEMM and one split for the whole sequence, so backward makes one concatenation, not T slices).
     */
    protected static NDList projectSteps(SequenceInput in, NDArray weight, NDArray bias) {
        if (in.time == 0) {
            return new NDList();
        }
        NDArray x2d = in.timeMajor().reshape((long) in.time * in.batch, in.features);
        return ai.djl.nn.core.Linear.linear(x2d, weight, bias).head().split(in.time, 0);
    }

    /**
     * Adds two parameter arrays (e.g. b_ih + b_hh) and moves the sum to the input's manager: a result whose first
     * operand is a parameter lands in the parameters' manager and would stay there after the batch is closed.
     */
    protected static NDArray sumOfParameters(SequenceInput in, NDArray a, NDArray b) {
        NDArray sum = a.add(b);
        sum.attach(in.x.getManager());
        return sum;
    }

    /**
     * Writes row-major values into the parameter's array in place, in the array's data type, as an engine-owned
     * copy ({@link OwnedArrays#overwrite}).
     */
    protected static void writeParameter(Parameter p, double[] values) {
        NDArray arr = p.getArray();
        if (arr.getShape().size() != values.length) {
            throw new IllegalArgumentException("parameter " + p.getName() + " " + arr.getShape() + ": expected "
                    + arr.getShape().size() + " values, got " + values.length);
        }
        if (arr.getDataType() != DataType.FLOAT64 && arr.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("parameter " + p.getName() + ": expected float32 or float64, got "
                    + arr.getDataType());
        }
        OwnedArrays.overwrite(arr, values);
    }

    /** Initialises the block for input size I and data type when it is not initialised yet. */
    protected void ensureInitialized(NDManager manager, DataType dataType, long inputFeatures) {
        if (!isInitialized()) {
            initialize(manager, dataType, new Shape(1, 1, inputFeatures));
        }
        if (inputSize != inputFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": weights for input size "
                    + inputFeatures + ", but the block was initialised for input size " + inputSize);
        }
    }

    /** A parameter's values as doubles (row-major). */
    protected static double[] read(Parameter p) {
        NDArray arr = p.getArray();
        if (arr.getDataType() == DataType.FLOAT64) {
            return arr.toDoubleArray();
        }
        float[] f = arr.toFloatArray();
        double[] out = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            out[k] = f[k];
        }
        return out;
    }

    /** Looks up an interchange array by name, naming the expected length when it is missing or wrong. */
    protected static double[] require(Map<String, double[]> weights, String name, long length) {
        double[] v = weights.get(name);
        if (v == null) {
            throw new IllegalArgumentException("interchange weights: missing '" + name + "' (" + length
                    + " values); have " + weights.keySet());
        }
        if (v.length != length) {
            throw new IllegalArgumentException("interchange weights: '" + name + "' expected " + length
                    + " values, got " + v.length);
        }
        return v;
    }
}
