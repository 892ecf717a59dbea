package dev.carousel.djl.attention;

import dev.carousel.djl.BlockFormat;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.carousel.djl.Bidirectional;
import dev.carousel.djl.GRU;
import dev.carousel.djl.PeepholeLSTM;
import dev.carousel.djl.SequenceLayer;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The attention encoder-decoder of equations.md section 5 as a DJL block, configured by the reference's
 * {@link Seq2SeqConfig} and computing what the reference's {@code AttentionSeq2Seq} computes:
 *
 * <pre>
 *   x_j      = src_embedding[source_j]                                         [M]
 *   e, e_last = encoder(x, source lengths)     Carousel's PeepholeLSTM / GRU, optionally Bidirectional
 *   k_j      = key(e_j)                                                        once per source (AttentionBlock)
 *   s_0      = 0   or   h_0 = tanh(W_init e_last + b_init), c_0 = 0            (init mode)
 *   for t = 0 .. T-1:   y_{t-1} = tgt_embedding[ t == 0 ? bos : target_{t-1} ]
 *     (s_t, out_t, alpha_t) = decoder step (BahdanauDecoderBlock or LuongDecoderBlock)
 *   logits_t = W_out out_t + b_out                                             one GEMM over all steps
 * </pre>
 *
 * <p>Teacher forcing, for DJL's {@code Trainer}: {@code forward(ps, data = [source [B, S], sourceLengths [B]],
 * labels = [target [B, T], targetLengths [B]])} (integer arrays; the same four arrays as one input list also work)
 * returns {@code [logits [B, T, V_tgt], alphas [B, T, S]]}, both 0 at steps t &ge; targetLengths[b]; alphas are 0 at
 * padded source positions. {@code target[b][t]} is the token predicted at step t (the sequence usually ends with
 * eos), the decoder input is bos then target[b][t-1]. Use {@link TokenCrossEntropyLoss} as the loss. Inference:
 * {@link Seq2SeqDecoding} (the reference's IncrementalDecoder, so its GreedyDecoder and BeamSearch run unchanged).
 *
 * <p>Parameters: the reference's, one to one in shape and layout; {@link #referenceParameters()} names them as the
 * reference does ({@code src_embedding}, {@code encoder.fwd.w_ih}, ..., {@code output.b_out}) and
 * {@link Seq2SeqWeights} copies values between the two.
 */
public final class AttentionSeq2SeqBlock extends AbstractBlock {
    private static final byte VERSION = BlockFormat.VERSION;

    private final Seq2SeqConfig config;
    private final TokenEmbedding sourceEmbedding;
    private final TokenEmbedding targetEmbedding;
    private final SequenceLayer encoder;
    private final Linear bridge;
    private final AttentionBlock attention;
    private final AttentionDecoderBlock decoder;
    private final Linear output;

    public AttentionSeq2SeqBlock(Seq2SeqConfig config) {
        super(VERSION);
        if (config == null) {
            throw new IllegalArgumentException("AttentionSeq2SeqBlock: a Seq2SeqConfig is required");
        }
        this.config = config;
        int m = config.embeddingSize();
        int e = config.encoderOutputSize();
        int hDec = config.decoderHiddenSize();
        sourceEmbedding = addChildBlock("src_embedding", new TokenEmbedding("src_embedding",
                config.sourceVocabSize(), m));
        targetEmbedding = addChildBlock("tgt_embedding", new TokenEmbedding("tgt_embedding",
                config.targetVocabSize(), m));
        Supplier<SequenceLayer> layer = () -> encoderLayer(config);
        encoder = addChildBlock("encoder", config.bidirectional()
                ? Bidirectional.builder().setLayerFactory(layer).optReturnState(true).build() : layer.get());
        bridge = config.initMode() == InitMode.FROM_ENCODER
                ? addChildBlock("bridge", Linear.builder().setUnits(hDec).build()) : null;
        attention = addChildBlock("attention", new AttentionBlock(config.scoreType(), hDec, e,
                config.attentionSize()));
        decoder = addChildBlock("decoder", config.decoderType() == DecoderType.BAHDANAU
                ? new BahdanauDecoderBlock(config.decoderCell(), m, e, hDec, attention)
                : new LuongDecoderBlock(config.decoderCell(), m, e, hDec, attention));
        output = addChildBlock("output", Linear.builder().setUnits(config.targetVocabSize()).build());
    }

    private static SequenceLayer encoderLayer(Seq2SeqConfig config) {
        int h = config.encoderHiddenSize();
        switch (config.encoderCell()) {
            case LSTM:
                return PeepholeLSTM.builder().setStateSize(h).optPeepholes(false).optReturnState(true).build();
            case PEEPHOLE_LSTM:
                return PeepholeLSTM.builder().setStateSize(h).optReturnState(true).build();
            case GRU:
                return GRU.builder().setStateSize(h).optReturnState(true).build();
            case GRU_RESET_BEFORE:
                return GRU.builder().setStateSize(h).optResetAfter(false).optReturnState(true).build();
            default:
                throw new AssertionError(config.encoderCell());
        }
    }

    public Seq2SeqConfig getConfig() {
        return config;
    }

    public AttentionBlock getAttention() {
        return attention;
    }

    public AttentionDecoderBlock getDecoder() {
        return decoder;
    }

    public TokenEmbedding getTargetEmbedding() {
        return targetEmbedding;
    }

    public TokenEmbedding getSourceEmbedding() {
        return sourceEmbedding;
    }

    /** The data type of the parameters, or null before initialisation. */
    public DataType getDataType() {
        Parameter p = sourceEmbedding.getTable();
        return p.isInitialized() ? p.getArray().getDataType() : null;
    }

    /**
     * Every parameter under the reference's name, in the reference's order ({@code AttentionSeq2Seq.params()}):
     * src_embedding, tgt_embedding, encoder.fwd.*, encoder.bwd.*, bridge.w_init, bridge.b_init, attention.*,
     * decoder.*, output.w_out, output.b_out.
     */
    public Map<String, Parameter> referenceParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put("src_embedding", sourceEmbedding.getTable());
        out.put("tgt_embedding", targetEmbedding.getTable());
        if (encoder instanceof Bidirectional bi) {
            putAll(out, "encoder.fwd.", bi.getForwardLayer());
            putAll(out, "encoder.bwd.", bi.getBackwardLayer());
        } else {
            putAll(out, "encoder.fwd.", encoder);
        }
        if (bridge != null) {
            out.put("bridge.w_init", bridge.getDirectParameters().get("weight"));
            out.put("bridge.b_init", bridge.getDirectParameters().get("bias"));
        }
        putAll(out, "attention.", attention);
        out.putAll(prefixed("decoder.", decoder.namedParameters()));
        out.put("output.w_out", output.getDirectParameters().get("weight"));
        out.put("output.b_out", output.getDirectParameters().get("bias"));
        return out;
    }

    private static void putAll(Map<String, Parameter> out, String prefix, ai.djl.nn.Block block) {
        for (Parameter p : block.getDirectParameters().values()) {
            out.put(prefix + p.getName(), p);
        }
    }

    private static Map<String, Parameter> prefixed(String prefix, Map<String, Parameter> in) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    // ------------------------------------------------------------------------------------------------ encoder

    /**
     * Runs the encoder ONCE over a batch of sources and precomputes the attention keys.
     *
     * @param source  token ids [B, S] (int32/int64; padded positions must still be valid ids, e.g. pad)
     * @param lengths source lengths, each in [1, S]
     */
    public EncodedBatch encode(ParameterStore ps, NDArray source, int[] lengths, boolean training) {
        Shape s = source.getShape();
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("source: expected token ids of shape [B, S], got " + s);
        }
        NDArray x = sourceEmbedding.embed(ps, source, training);
        if (getDataType() != null && x.getDataType() != getDataType()) {
            throw new IllegalStateException("embedding produced " + x.getDataType() + ", parameters are "
                    + getDataType());
        }
        NDArray lengthArray = source.getManager().create(lengths).duplicate();
        NDList enc = encoder.runSequence(ps, new NDList(x, lengthArray), training);
        NDArray e = enc.get(0);
        NDArray hN = enc.get(1);
        NDArray eLast = config.bidirectional()
                ? hN.transpose(1, 0, 2).reshape(s.get(0), config.encoderOutputSize()) : hN;
        return new EncodedBatch(attention.prepare(ps, e, lengths, training), eLast);
    }

    /** s_0: zeros, or h_0 = tanh(W_init e_last + b_init) and c_0 = 0 (init mode FROM_ENCODER). */
    public NDArray[] initialState(ParameterStore ps, EncodedBatch encoded, boolean training) {
        NDArray eLast = encoded.finalState();
        NDManager m = eLast.getManager();
        long batch = eLast.getShape().get(0);
        Shape hs = new Shape(batch, config.decoderHiddenSize());
        NDArray[] s = new NDArray[decoder.stateCount()];
        for (int k = 0; k < s.length; k++) {
            s[k] = m.zeros(hs, eLast.getDataType());
        }
        if (bridge != null) {
            s[0] = bridge.forward(ps, new NDList(eLast), training).head().tanh();
        }
        return s;
    }

    /** logits = W_out out + b_out, out [..., O] to [..., V_tgt]. */
    public NDArray logits(ParameterStore ps, NDArray out, boolean training) {
        return output.forward(ps, new NDList(out), training).head();
    }

    // --------------------------------------------------------------------------------------- teacher forcing

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs == null || inputs.size() != 4) {
            throw new IllegalArgumentException("AttentionSeq2SeqBlock: expected [source [B, S], sourceLengths [B],"
                    + " target [B, T], targetLengths [B]] (or forward(ps, data, labels) with data = [source,"
                    + " sourceLengths] and labels = [target, targetLengths]); got " + (inputs == null ? "none"
                    : inputs.size() + " arrays") + ". For inference use Seq2SeqDecoding");
        }
        return teacherForcing(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList data, NDList labels,
                                     PairList<String, Object> params) {
        if (data == null || data.size() != 2 || labels == null || labels.size() < 2) {
            throw new IllegalArgumentException("AttentionSeq2SeqBlock: expected data [source [B, S], sourceLengths"
                    + " [B]] and labels [target [B, T], targetLengths [B]], got " + (data == null ? "no" : data.size())
                    + " data and " + (labels == null ? "no" : labels.size()) + " label arrays");
        }
        return teacherForcing(ps, data.get(0), data.get(1), labels.get(0), labels.get(1), true);
    }

    /**
     * The teacher-forced pass.
     *
     * @return [logits [B, T, V_tgt], alphas [B, T, S]], 0 at masked target steps
     */
    public NDList teacherForcing(ParameterStore ps, NDArray source, NDArray sourceLengths, NDArray target,
                                 NDArray targetLengths, boolean training) {
        Shape ss = source.getShape();
        Shape ts = target.getShape();
        if (ss.dimension() != 2 || ts.dimension() != 2 || ts.get(0) != ss.get(0)) {
            throw new IllegalArgumentException("expected source [B, S] and target [B, T] token ids with the same B,"
                    + " got " + ss + " and " + ts);
        }
        int batch = (int) ss.get(0);
        int srcLen = (int) ss.get(1);
        int tt = (int) ts.get(1);
        int[] sLen = hostLengths("sourceLengths", sourceLengths, batch, 1, srcLen);
        int[] tLen = hostLengths("targetLengths", targetLengths, batch, 0, tt);
        long[] tgt = hostTokens("target", target);
        int v = config.targetVocabSize();
        long[] input = new long[batch * tt];
        double[] mask = new double[batch * tt];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < tt; t++) {
                if (t < tLen[b]) {
                    long tok = tgt[b * tt + t];
                    if (tok < 0 || tok >= v) {
                        throw new IllegalArgumentException("target token [" + b + "][" + t + "] must be in [0, " + v
                                + "), got " + tok);
                    }
                    mask[b * tt + t] = 1.0;
                }
                input[b * tt + t] = t == 0 ? config.bosId() : (t < tLen[b] ? tgt[b * tt + t - 1] : config.padId());
            }
        }
        NDManager m = source.getManager();
        EncodedBatch enc = encode(ps, source, sLen, training);
        NDArray[] state = initialState(ps, enc, training);
        DataType dtype = enc.finalState().getDataType();
        if (tt == 0) {
            return new NDList(m.zeros(new Shape(batch, 0, v), dtype), m.zeros(new Shape(batch, 0, srcLen), dtype));
        }
        NDArray y = targetEmbedding.embed(ps, m.create(input, new Shape(batch, tt)).duplicate(), training);
        AttentionDecoderBlock.Bound bound = decoder.bind(ps, enc.keys(), training, m);
        NDList parts = bound.inputParts(y);
        NDArray feed = bound.initialFeed();
        List<NDArray> outs = new ArrayList<>(tt);
        List<NDArray> alphas = new ArrayList<>(tt);
        for (int t = 0; t < tt; t++) {
            DecoderStepOutput o = bound.step(parts.get(t), state, feed);
            outs.add(o.out());
            alphas.add(o.alphas());
            state = o.state();
            feed = o.feed();
        }
        NDArray targetMask = m.create(mask, new Shape(batch, tt, 1)).toType(dtype, true);
        NDArray logits = logits(ps, NDArrays.stack(new NDList(outs), 1), training).mul(targetMask);
        NDArray a = NDArrays.stack(new NDList(alphas), 1).mul(targetMask);
        return new NDList(logits, a);
    }

    static int[] hostLengths(String what, NDArray lengths, int batch, int min, int max) {
        if (lengths == null || lengths.getShape().dimension() != 1 || lengths.getShape().get(0) != batch) {
            throw new IllegalArgumentException(what + ": expected a rank-1 array of " + batch + " lengths, got "
                    + (lengths == null ? "null" : lengths.getShape()));
        }
        DataType t = lengths.getDataType();
        if (t != DataType.INT32 && t != DataType.INT64) {
            throw new IllegalArgumentException(what + ": expected int32 or int64 lengths, got " + t);
        }
        long[] l = lengths.toType(DataType.INT64, false).toLongArray();
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            if (l[b] < min || l[b] > max) {
                throw new IllegalArgumentException(what + "[" + b + "] must be in [" + min + ", " + max + "], got "
                        + l[b]);
            }
            out[b] = (int) l[b];
        }
        return out;
    }

    private static long[] hostTokens(String what, NDArray tokens) {
        DataType t = tokens.getDataType();
        if (t != DataType.INT32 && t != DataType.INT64) {
            throw new IllegalArgumentException(what + ": expected integer token ids (int32 or int64), got " + t);
        }
        return tokens.getShape().size() == 0 ? new long[0] : tokens.toType(DataType.INT64, false).toLongArray();
    }

    // ------------------------------------------------------------------------------------ DJL block plumbing

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape src = inputShapes[0];
        long tt = inputShapes.length > 2 ? inputShapes[2].get(1) : -1;
        return new Shape[] {new Shape(src.get(0), tt, config.targetVocabSize()), new Shape(src.get(0), tt,
                src.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        dev.carousel.djl.ThreadCheck.once(manager.getEngine());
        Shape src = inputShapes[0];
        long b = Math.max(1, src.get(0));
        long s = Math.max(1, src.get(1));
        int e = config.encoderOutputSize();
        sourceEmbedding.initialize(manager, dataType, new Shape(b, s));
        targetEmbedding.initialize(manager, dataType, new Shape(b, 1));
        encoder.initialize(manager, dataType, new Shape(b, s, config.embeddingSize()), new Shape(b));
        if (bridge != null) {
            bridge.initialize(manager, dataType, new Shape(b, e));
        }
        attention.initialize(manager, dataType, new Shape(b, 1, config.decoderHiddenSize()), new Shape(b, s, e),
                new Shape(b));
        decoder.initialize(manager, dataType, new Shape(b, config.embeddingSize()));
        output.initialize(manager, dataType, new Shape(b, decoder.outputSize()));
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        BlockFormat.writeHeader(os, "AttentionSeq2SeqBlock");
        saveInputShapes(os);
        os.writeUTF(config.toString());
    }

    /** Loads through the bounded reader of {@link BlockFormat} (format 2, or the untagged format 1). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.loadParameters(this, "AttentionSeq2SeqBlock", manager, is, v -> loadMetadata(v, is));
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.readHeader(is, loadVersion, "AttentionSeq2SeqBlock");
        Shape[] shapes = BlockFormat.readInputShapes(is, "AttentionSeq2SeqBlock");
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        String saved = is.readUTF();
        if (!saved.equals(config.toString())) {
            throw new MalformedModelException("AttentionSeq2SeqBlock: saved for " + saved + ", this block is "
                    + config);
        }
    }
}
