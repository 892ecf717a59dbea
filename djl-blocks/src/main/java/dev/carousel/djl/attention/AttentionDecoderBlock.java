package dev.carousel.djl.attention;

import dev.carousel.djl.BlockFormat;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.carousel.djl.CellStep;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The step of an attention decoder (equations.md section 5), Bahdanau ({@link BahdanauDecoderBlock}) or Luong
 * ({@link LuongDecoderBlock}). The cell's input is {@code x_t = [y_{t-1} ; z_t]} with z_t the context a_t (Bahdanau)
 * or h~_{t-1} (Luong), so its input projection splits by columns, {@code w_ih = [W_y | W_z]}:
 *
 * <pre>
 *   x_t W_ih^T + bias = ( y_{t-1} W_y^T + bias ) + z_t W_z^T
 * </pre>
 *
 * The first term is computed for all target steps at once under teacher forcing (one GEMM, one split), the second
 * per step. The step maths of the cell is {@link CellStep} (Carousel's LSTM/GRU cells). The loop over time is the
 * model's ({@link AttentionSeq2SeqBlock}), as in the reference.
 *
 * <p>Parameters (the reference's names): {@code w_ih} [G·H, M + Z], {@code w_hh} [G·H, H], {@code b_ih},
 * {@code b_hh} [G·H] (G = 4 LSTM, i f g o; G = 3 GRU, r z n), {@code p_i}, {@code p_f}, {@code p_o} [H] for the
 * peephole LSTM, plus what a subclass adds.
 */
public abstract class AttentionDecoderBlock extends AbstractBlock {
    private static final byte VERSION = BlockFormat.VERSION;

    protected final CellType cellType;
    protected final int embeddingSize;
    protected final int encoderSize;
    protected final int hiddenSize;
    protected final int feedInputSize;
    protected final AttentionBlock attention;
    private final int gates;
    private final Parameter wIh;
    private final Parameter wHh;
    private final Parameter bIh;
    private final Parameter bHh;
    private final Parameter pI;
    private final Parameter pF;
    private final Parameter pO;

    /**
     * @param cellType      the decoder cell
     * @param embeddingSize M
     * @param encoderSize   E
     * @param hiddenSize    H_dec
     * @param feedInputSize Z, the size of the non-embedding part of the cell input
     * @param attention     the attention the decoder reads with (its query size must be H_dec)
     */
    protected AttentionDecoderBlock(CellType cellType, int embeddingSize, int encoderSize, int hiddenSize,
                                    int feedInputSize, AttentionBlock attention) {
        super(VERSION);
        if (attention.getQuerySize() != hiddenSize || attention.getEncoderSize() != encoderSize) {
            throw new IllegalArgumentException("decoder: the attention query size D=" + attention.getQuerySize()
                    + " must equal the decoder hidden size " + hiddenSize + " and its encoder size "
                    + attention.getEncoderSize() + " the encoder output size " + encoderSize);
        }
        this.cellType = cellType;
        this.embeddingSize = embeddingSize;
        this.encoderSize = encoderSize;
        this.hiddenSize = hiddenSize;
        this.feedInputSize = feedInputSize;
        this.attention = attention;
        this.gates = isLstm(cellType) ? 4 : 3;
        long rows = (long) gates * hiddenSize;
        wIh = addParameter(Parameter.builder().setName("w_ih").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, embeddingSize + feedInputSize)).build());
        wHh = addParameter(Parameter.builder().setName("w_hh").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, hiddenSize)).build());
        bIh = addParameter(Parameter.builder().setName("b_ih").setType(Parameter.Type.BIAS)
                .optShape(new Shape(rows)).build());
        bHh = addParameter(Parameter.builder().setName("b_hh").setType(Parameter.Type.BIAS)
                .optShape(new Shape(rows)).build());
        if (cellType == CellType.PEEPHOLE_LSTM) {
            pI = addParameter(peephole("p_i"));
            pF = addParameter(peephole("p_f"));
            pO = addParameter(peephole("p_o"));
        } else {
            pI = null;
            pF = null;
            pO = null;
        }
    }

    private Parameter peephole(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER)
                .optInitializer(new NormalInitializer(0.1f)).optShape(new Shape(hiddenSize)).build();
    }

    static boolean isLstm(CellType t) {
        return t == CellType.LSTM || t == CellType.PEEPHOLE_LSTM;
    }

    /** Number of state arrays: 2 (h, c) or 1 (h). */
    public int stateCount() {
        return isLstm(cellType) ? 2 : 1;
    }

    /** H_dec. */
    public int getHiddenSize() {
        return hiddenSize;
    }

    /** The size of out_t. */
    public abstract int outputSize();

    /** The size of the fed-back h~ (Luong input feeding), 0 when there is none. */
    public abstract int feedSize();

    /** The parameters under the reference's names (w_ih, w_hh, b_ih, b_hh, p_*, and a subclass' own). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Parameter p : getDirectParameters().values()) {
            out.put(p.getName(), p);
        }
        return out;
    }

    /**
     * Binds the parameters for a run over one batch of prepared sources: the cell, the column split of w_ih.
     * Derived arrays go to {@code manager}.
     */
    public abstract Bound bind(ParameterStore ps, AttentionKeys keys, boolean training, NDManager manager);

    /** The cell and the w_ih column blocks, bound to parameter values. */
    protected final CellBinding bindCell(ParameterStore ps, Device device, boolean training, NDManager manager) {
        NDArray wih = ps.getValue(wIh, device, training);
        NDArray whh = ps.getValue(wHh, device, training);
        NDArray bih = ps.getValue(bIh, device, training);
        NDArray bhh = ps.getValue(bHh, device, training);
        CellStep cell;
        int in = embeddingSize + feedInputSize;
        if (isLstm(cellType)) {
            LstmSpec spec = cellType == CellType.PEEPHOLE_LSTM ? LstmSpec.peephole(in, hiddenSize)
                    : LstmSpec.vanilla(in, hiddenSize);
            cell = CellStep.lstm(spec, whh, bih, bhh, pI == null ? null : ps.getValue(pI, device, training),
                    pF == null ? null : ps.getValue(pF, device, training),
                    pO == null ? null : ps.getValue(pO, device, training), manager);
        } else {
            cell = CellStep.gru(new GruSpec(in, hiddenSize, cellType == CellType.GRU), whh, bih, bhh, manager);
        }
        NDList cols = wih.split(new long[] {embeddingSize}, 1);
        cols.attach(manager);
        return new CellBinding(cell, cols.get(0), cols.get(1));
    }

    /** The bound cell: its step, W_y [G·H, M] and W_z [G·H, Z]. */
    protected record CellBinding(CellStep cell, NDArray wY, NDArray wZ) {
    }

    /** A decoder bound to one batch of sources. */
    public abstract static class Bound {
        protected final CellBinding binding;
        protected final AttentionKeys keys;

        protected Bound(CellBinding binding, AttentionKeys keys) {
            this.binding = binding;
            this.keys = keys;
        }

        /** The keys the decoder attends over. */
        public AttentionKeys keys() {
            return keys;
        }

        /** y W_y^T + bias for every target step: y [B, T, M] to T slices [B, G·H] (one GEMM, one split). */
        public NDList inputParts(NDArray y) {
            Shape s = y.getShape();
            long batch = s.get(0);
            long time = s.get(1);
            NDArray y2d = y.transpose(1, 0, 2).reshape(time * batch, s.get(2));
            return Linear.linear(y2d, binding.wY(), binding.cell().inputBias()).head().split(time, 0);
        }

        /** y W_y^T + bias for one step: y [B, M] to [B, G·H]. */
        public NDArray inputPart(NDArray y) {
            return Linear.linear(y, binding.wY(), binding.cell().inputBias()).head();
        }

        /** h~_0 = 0 [B, H] for the Luong decoder, null for Bahdanau. */
        public abstract NDArray initialFeed();

        /**
         * One decoder step.
         *
         * @param yPart what {@link #inputPart} / {@link #inputParts} gave for y_{t-1}
         * @param state s_{t-1}
         * @param feed  h~_{t-1} (Luong) or null
         */
        public abstract DecoderStepOutput step(NDArray yPart, NDArray[] state, NDArray feed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is a part of AttentionSeq2SeqBlock:"
                + " run the model, or bind() it and call step()");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputSize())};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        BlockFormat.writeHeader(os, getClass().getSimpleName());
        saveInputShapes(os);
        os.writeUTF(cellType.name());
        os.writeInt(embeddingSize);
        os.writeInt(encoderSize);
        os.writeInt(hiddenSize);
        os.writeInt(feedInputSize);
    }

    /** Loads through the bounded reader of {@link BlockFormat} (format 2, or the untagged format 1). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.loadParameters(this, getClass().getSimpleName(), manager, is, v -> loadMetadata(v, is));
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.readHeader(is, loadVersion, getClass().getSimpleName());
        Shape[] shapes = BlockFormat.readInputShapes(is, getClass().getSimpleName());
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        String cell = is.readUTF();
        int m = is.readInt();
        int e = is.readInt();
        int h = is.readInt();
        int z = is.readInt();
        if (!cell.equals(cellType.name()) || m != embeddingSize || e != encoderSize || h != hiddenSize
                || z != feedInputSize) {
            throw new MalformedModelException(getClass().getSimpleName() + ": saved " + cell + " M=" + m + " E=" + e
                    + " H=" + h + " Z=" + z + ", this block is " + cellType + " M=" + embeddingSize + " E="
                    + encoderSize + " H=" + hiddenSize + " Z=" + feedInputSize);
        }
    }
}
