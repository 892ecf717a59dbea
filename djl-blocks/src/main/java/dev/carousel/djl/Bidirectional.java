package dev.carousel.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A bidirectional recurrent layer (Schuster &amp; Paliwal 1997) from two independent layers of the same kind:
 *
 * <pre>
 *   y_t = [ fwd(x)_t ; rev( bwd( rev(x) ) )_t ]        rev = reverse each sequence within its own length
 * </pre>
 *
 * so with lengths the backward direction starts at step L_b - 1 of each sequence and ends at step 0 (PyTorch's
 * packed semantics; padded steps output 0). Works on the PyTorch engine, where DJL's own
 * {@code optBidirectional(true)} fails.
 *
 * <p>Inputs: {@code [x(, lengths)(, h0(, c0))]} with states [2, B, H] (forward direction first). Outputs: {@code [y]}
 * with 2H features, or with {@code optReturnState(true)} {@code [y, h_n(, c_n)]}, each [2, B, H].
 */
public final class Bidirectional extends AbstractBlock implements SequenceLayer {
    private static final byte VERSION = BlockFormat.VERSION;

    private final SequenceLayer forwardLayer;
    private final SequenceLayer backwardLayer;
    private final boolean returnState;

    private Bidirectional(Builder b) {
        super(VERSION);
        if (b.factory == null) {
            throw new IllegalArgumentException("Bidirectional: setLayerFactory is required");
        }
        SequenceLayer f = b.factory.get();
        SequenceLayer r = b.factory.get();
        if (f == r) {
            throw new IllegalArgumentException("Bidirectional: the layer factory must build a new layer per call");
        }
        if (!(f instanceof RecurrentLayerBlock) || !(r instanceof RecurrentLayerBlock)) {
            throw new IllegalArgumentException("Bidirectional: expected unidirectional layers (PeepholeLSTM, GRU), got "
                    + f.getClass().getSimpleName());
        }
        forwardLayer = addChildBlock("forward", f);
        backwardLayer = addChildBlock("backward", r);
        returnState = b.returnState;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SequenceLayer getForwardLayer() {
        return forwardLayer;
    }

    public SequenceLayer getBackwardLayer() {
        return backwardLayer;
    }

    @Override
    public int stateCount() {
        return forwardLayer.stateCount();
    }

    @Override
    public int directions() {
        return 2;
    }

    @Override
    public long getStateSize() {
        return forwardLayer.getStateSize();
    }

    @Override
    public boolean isBatchFirst() {
        return forwardLayer.isBatchFirst();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList out = runSequence(ps, inputs, training);
        return SequenceInput.output(out, returnState, SequenceInput.lengthsOf(inputs));
    }

    @Override
    public NDList runSequence(ParameterStore ps, NDList inputs, boolean training) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("Bidirectional: expected inputs [x(, lengths)(, h0, c0)], got none");
        }
        int next = SequenceInput.lengthsOf(inputs) != null ? 2 : 1;
        Shape xs = inputs.get(0).getShape();
        long batch = xs.dimension() < 2 ? -1 : isBatchFirst() ? xs.get(0) : xs.get(1);
        StackedSequenceInput st = StackedSequenceInput.parse("Bidirectional", inputs, stateCount(), 2, batch,
                getStateSize(), "2, B, H");
        SequenceInput in = ((RecurrentLayerBlock) forwardLayer).parse(new NDList(inputs.subList(0, next)));
        SequenceReversal reversal = new SequenceReversal(in);
        NDList fIn = st.base(st.x);
        NDList bIn = st.base(reversal.apply(st.x));
        for (int k = 0; k < st.givenStates; k++) {
            fIn.add(st.slots[k].get(0).squeeze(0));
            bIn.add(st.slots[k].get(1).squeeze(0));
        }
        NDList f = forwardLayer.runSequence(ps, fIn, training);
        NDList r = backwardLayer.runSequence(ps, bIn, training);
        NDList out = new NDList(NDArrays.concat(new NDList(f.get(0), reversal.apply(r.get(0))), 2));
        for (int k = 1; k < f.size(); k++) {
            out.add(NDArrays.stack(new NDList(f.get(k), r.get(k)), 0));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return SequenceInput.outputShapes(inputShapes, yAndStateShapes(inputShapes));
    }

    /** y's shape, then the final states' when optReturnState(true). */
    Shape[] yAndStateShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape y = new Shape(x.get(0), x.get(1), 2 * getStateSize());
        if (!returnState) {
            return new Shape[] {y};
        }
        long batch = isBatchFirst() ? x.get(0) : x.get(1);
        Shape[] out = new Shape[1 + stateCount()];
        out[0] = y;
        for (int k = 1; k < out.length; k++) {
            out[k] = new Shape(2, batch, getStateSize());
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        forwardLayer.initialize(manager, dataType, inputShapes[0]);
        backwardLayer.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        BlockFormat.writeHeader(os, "Bidirectional");
        saveInputShapes(os);
        os.writeBoolean(returnState);
    }

    /** Loads through the bounded reader of {@link BlockFormat} (format 2, or the untagged format 1). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.loadParameters(this, "Bidirectional", manager, is, v -> loadMetadata(v, is));
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.readHeader(is, loadVersion, "Bidirectional");
        Shape[] shapes = BlockFormat.readInputShapes(is, "Bidirectional");
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        is.readBoolean();               // returnState when saved: it changes no parameter, so any value loads
    }

    /** The DJL-style builder. */
    public static final class Builder {
        private Supplier<? extends SequenceLayer> factory;
        private boolean returnState;

        private Builder() {
        }

        /** Builds each direction's layer (called twice; e.g. {@code () -> PeepholeLSTM.builder()...build()}). */
        public Builder setLayerFactory(Supplier<? extends SequenceLayer> factory) {
            this.factory = factory;
            return this;
        }

        /** Also return the final states [2, B, H] (default false). */
        public Builder optReturnState(boolean v) {
            returnState = v;
            return this;
        }

        public Bidirectional build() {
            return new Bidirectional(this);
        }
    }
}
