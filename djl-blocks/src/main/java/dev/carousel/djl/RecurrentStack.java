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
import java.util.ArrayList;
import java.util.List;

/**
 * Stacked recurrent layers: layer l+1 reads layer l's outputs y (Graves 2013's deep LSTM). The lengths go to every
 * layer, so padded steps stay 0 all the way up and each layer's final state is the state after step L_b.
 *
 * <p>Inputs: {@code [x(, lengths)(, h0(, c0))]}, the states [S, B, H] with S = the sum of the layers' directions,
 * layer by layer (PyTorch's {@code num_layers * num_directions} order). Layers of different kinds or state sizes
 * may be stacked; initial states then cannot go in (they would need one [S, B, H] array per state kind).
 * Outputs: {@code [y(, lengths)]} of the top layer, or with {@code optReturnState(true)}
 * {@code [y(, lengths), h_n(, c_n)]}, each [S, B, H]. For a stack of mixed layers (kinds or state sizes differ)
 * the final states come layer by layer instead: {@code [y(, lengths), states of layer 0, states of layer 1, ...]},
 * each layer's states in its own order (h_n, c_n for an LSTM, h_n for a GRU), each [directions, B, H_layer].
 */
public final class RecurrentStack extends AbstractBlock implements SequenceLayer {
    private static final byte VERSION = BlockFormat.VERSION;

    private final List<SequenceLayer> layers;
    private final boolean returnState;
    private final int totalDirections;
    private final boolean uniformStates;

    private RecurrentStack(Builder b) {
        super(VERSION);
        if (b.layers.isEmpty()) {
            throw new IllegalArgumentException("RecurrentStack: expected at least one layer, got none");
        }
        SequenceLayer first = b.layers.get(0);
        int dirs = 0;
        boolean same = true;
        layers = new ArrayList<>();
        for (int l = 0; l < b.layers.size(); l++) {
            SequenceLayer layer = b.layers.get(l);
            if (layer.isBatchFirst() != first.isBatchFirst()) {
                throw new IllegalArgumentException("RecurrentStack: layer " + l + " has batchFirst="
                        + layer.isBatchFirst() + ", expected batchFirst=" + first.isBatchFirst() + " like layer 0");
            }
            same &= layer.stateCount() == first.stateCount() && layer.getStateSize() == first.getStateSize();
            layers.add(addChildBlock("layer" + l, layer));
            dirs += layer.directions();
        }
        uniformStates = same;
        totalDirections = dirs;
        returnState = b.returnState;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<SequenceLayer> getLayers() {
        return List.copyOf(layers);
    }

    @Override
    public int stateCount() {
        return layers.get(0).stateCount();
    }

    @Override
    public int directions() {
        return layers.get(layers.size() - 1).directions();
    }

    @Override
    public long getStateSize() {
        return layers.get(0).getStateSize();
    }

    @Override
    public boolean isBatchFirst() {
        return layers.get(0).isBatchFirst();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList out = runSequence(ps, inputs, training);
        return SequenceInput.output(out, returnState, SequenceInput.lengthsOf(inputs));
    }

    /**
     * y of the top layer, then each state kind stacked over all layers and directions, [S, B, H] (for a stack of
     * mixed layers: each layer's states in turn, [directions, B, H_layer] each).
     */
    @Override
    public NDList runSequence(ParameterStore ps, NDList inputs, boolean training) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("RecurrentStack: expected inputs [x(, lengths)(, states)], got none");
        }
        NDArray x = inputs.get(0);
        long batch = x.getShape().dimension() < 2 ? -1 : isBatchFirst() ? x.getShape().get(0) : x.getShape().get(1);
        StackedSequenceInput st = StackedSequenceInput.parse("RecurrentStack", inputs, stateCount(), totalDirections,
                batch, getStateSize(), "layers x directions, B, H");
        if (st.givenStates != 0 && !uniformStates) {
            throw new IllegalArgumentException("RecurrentStack: initial states [S, B, H] need layers of one kind and"
                    + " state size; got " + describe(layers));
        }
        NDArray y = st.x;
        int givenStates = st.givenStates;
        NDList[] perLayer = st.slots;
        List<List<NDArray>> finals = new ArrayList<>();
        for (int k = 0; k < stateCount(); k++) {
            finals.add(new ArrayList<>());
        }
        NDList mixed = new NDList();
        int offset = 0;
        for (SequenceLayer layer : layers) {
            NDList in = st.base(y);
            int d = layer.directions();
            for (int k = 0; k < givenStates; k++) {
                if (d == 1) {
                    in.add(perLayer[k].get(offset).squeeze(0));
                } else {
                    in.add(NDArrays.concat(new NDList(perLayer[k].get(offset), perLayer[k].get(offset + 1)), 0));
                }
            }
            NDList out = layer.runSequence(ps, in, training);
            y = out.get(0);
            if (!uniformStates) {
                for (int k = 1; k < out.size(); k++) {
                    NDArray s = out.get(k);
                    mixed.add(d == 1 ? s.expandDims(0) : s);
                }
                continue;
            }
            for (int k = 0; k < stateCount(); k++) {
                NDArray s = out.get(1 + k);
                finals.get(k).add(d == 1 ? s.expandDims(0) : s);
            }
            offset += d;
        }
        NDList result = new NDList(y);
        if (!uniformStates) {
            result.addAll(mixed);
            return result;
        }
        for (List<NDArray> f : finals) {
            result.add(f.size() == 1 ? f.get(0) : NDArrays.concat(new NDList(f), 0));
        }
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return SequenceInput.outputShapes(inputShapes, yAndStateShapes(inputShapes));
    }

    /** y's shape, then the final states' when optReturnState(true). */
    Shape[] yAndStateShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape[] top = new Shape[] {x};
        for (SequenceLayer layer : layers) {
            top = layer.getOutputShapes(new Shape[] {top[0]});
        }
        if (!returnState) {
            return new Shape[] {top[0]};
        }
        long batch = isBatchFirst() ? x.get(0) : x.get(1);
        if (!uniformStates) {
            List<Shape> out = new ArrayList<>();
            out.add(top[0]);
            for (SequenceLayer layer : layers) {
                for (int k = 0; k < layer.stateCount(); k++) {
                    out.add(new Shape(layer.directions(), batch, layer.getStateSize()));
                }
            }
            return out.toArray(new Shape[0]);
        }
        Shape[] out = new Shape[1 + stateCount()];
        out[0] = top[0];
        for (int k = 1; k < out.length; k++) {
            out[k] = new Shape(totalDirections, batch, getStateSize());
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (SequenceLayer layer : layers) {
            layer.initialize(manager, dataType, shape);
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        BlockFormat.writeHeader(os, "RecurrentStack");
        saveInputShapes(os);
        os.writeInt(layers.size());
    }

    /** Loads through the bounded reader of {@link BlockFormat} (format 2, or the untagged format 1). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.loadParameters(this, "RecurrentStack", manager, is, v -> loadMetadata(v, is));
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.readHeader(is, loadVersion, "RecurrentStack");
        Shape[] shapes = BlockFormat.readInputShapes(is, "RecurrentStack");
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        int n = is.readInt();
        if (n != layers.size()) {
            throw new MalformedModelException("RecurrentStack: saved " + n + " layers, this stack has "
                    + layers.size());
        }
    }

    private static String describe(List<SequenceLayer> layers) {
        StringBuilder sb = new StringBuilder("[");
        for (int l = 0; l < layers.size(); l++) {
            SequenceLayer layer = layers.get(l);
            sb.append(l == 0 ? "" : ", ").append(layer.getClass().getSimpleName()).append(" H=")
                    .append(layer.getStateSize()).append(" states=").append(layer.stateCount());
        }
        return sb.append(']').toString();
    }

    /** The builder. */
    public static final class Builder {
        private final List<SequenceLayer> layers = new ArrayList<>();
        private boolean returnState;

        private Builder() {
        }

        /** Appends a layer ({@link PeepholeLSTM}, {@link GRU} or {@link Bidirectional}). */
        public Builder add(SequenceLayer layer) {
            layers.add(layer);
            return this;
        }

        /** Also return the final states [S, B, H] (default false). */
        public Builder optReturnState(boolean v) {
            returnState = v;
            return this;
        }

        public RecurrentStack build() {
            return new RecurrentStack(this);
        }
    }
}
