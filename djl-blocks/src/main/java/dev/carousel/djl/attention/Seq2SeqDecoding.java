package dev.carousel.djl.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.decoding.IncrementalDecoder;
import dev.carousel.spec.decoding.StepResult;

/**
 * An {@link AttentionSeq2SeqBlock} seen as the reference's {@link IncrementalDecoder}, so the framework-neutral
 * {@code GreedyDecoder} and {@code BeamSearch} decode the DJL model unchanged:
 *
 * <pre>
 *   start(source)        encoder once, keys once, s_0 (and h~_0)             [one sub-manager per decode]
 *   step(state, token)   y = tgt_embedding[token]; one decoder step; log softmax(W_out out + b_out)
 * </pre>
 *
 * Memory: each {@link #start} closes the previous decode's sub-manager and opens a new one; everything a decode
 * keeps (the encoded source, the derived weights, every returned state) lives there, and each step's intermediate
 * arrays are freed when the step returns (an {@link NDScope}), so native memory stays flat over any number of
 * decodes. States of an earlier decode are invalid after the next start (a clear exception says so). Not thread-safe;
 * close it when done. Runs without gradients (outside any GradientCollector).
 */
public final class Seq2SeqDecoding implements IncrementalDecoder<Seq2SeqDecoderState>, AutoCloseable {
    private final AttentionSeq2SeqBlock model;
    private final NDManager parent;
    private final ParameterStore ps;
    private NDManager decodeManager;
    private AttentionDecoderBlock.Bound bound;
    private long decode;

    /**
     * @param model  an initialised model
     * @param parent the manager under which each decode's sub-manager is opened (e.g. the model's or a trainer's)
     */
    public Seq2SeqDecoding(AttentionSeq2SeqBlock model, NDManager parent) {
        if (model.getDataType() == null) {
            throw new IllegalStateException("Seq2SeqDecoding: the model is not initialised");
        }
        this.model = model;
        this.parent = parent;
        this.ps = new ParameterStore(parent, false);
    }

    @Override
    public int bosId() {
        return model.getConfig().bosId();
    }

    @Override
    public int eosId() {
        return model.getConfig().eosId();
    }

    @Override
    public int targetVocabSize() {
        return model.getConfig().targetVocabSize();
    }

    /** The arrays the current decode holds (its sub-manager's), for memory checks; 0 before the first start. */
    public int liveArrays() {
        return decodeManager == null ? 0 : decodeManager.getManagedArrays().size();
    }

    @Override
    public Seq2SeqDecoderState start(int[] source) {
        if (source == null || source.length == 0) {
            throw new IllegalArgumentException("start: the source is empty; attention needs at least one token");
        }
        int v = model.getConfig().sourceVocabSize();
        for (int j = 0; j < source.length; j++) {
            if (source[j] < 0 || source[j] >= v) {
                throw new IllegalArgumentException("start: source token " + j + " must be in [0, " + v + "), got "
                        + source[j]);
            }
        }
        closeDecode();
        decodeManager = parent.newSubManager();
        decode++;
        NDArray tokens = decodeManager.create(source).reshape(1, source.length);
        EncodedBatch enc = model.encode(ps, tokens, new int[] {source.length}, false);
        bound = model.getDecoder().bind(ps, enc.keys(), false, decodeManager);
        NDArray[] s = model.initialState(ps, enc, false);
        NDArray feed = bound.initialFeed();
        return new Seq2SeqDecoderState(decode, s, feed);
    }

    @Override
    public StepResult<Seq2SeqDecoderState> step(Seq2SeqDecoderState state, int prevToken) {
        if (state == null || state.decode != decode || decodeManager == null) {
            throw new IllegalStateException("step: the state belongs to an earlier decode (or this decoding is"
                    + " closed); call start(source) and step from its state");
        }
        int v = targetVocabSize();
        if (prevToken < 0 || prevToken >= v) {
            throw new IllegalArgumentException("step: token must be in [0, " + v + "), got " + prevToken);
        }
        try (NDScope scope = new NDScope()) {
            NDArray tok = decodeManager.create(new long[] {prevToken});
            NDArray y = model.getTargetEmbedding().embed(ps, tok, false);
            DecoderStepOutput o = bound.step(bound.inputPart(y), state.state, state.feed);
            NDArray logProbs = model.logits(ps, o.out(), false).logSoftmax(1);
            double[] lp = doubles(logProbs);
            double[] alphas = doubles(o.alphas());
            NDArray[] next = new NDArray[o.state().length];
            for (int k = 0; k < next.length; k++) {
                next[k] = keep(o.state()[k]);
            }
            NDArray feed = o.feed() == null ? null : keep(o.feed());
            return new StepResult<>(lp, new Seq2SeqDecoderState(decode, next, feed), alphas);
        }
    }

    /** The array without its autograd history, kept in the decode's manager beyond the step's scope. */
    private NDArray keep(NDArray a) {
        NDArray detached = a.stopGradient();
        NDScope.unregister(detached);
        detached.attach(decodeManager);
        return detached;
    }

    static double[] doubles(NDArray a) {
        NDArray flat = a.reshape(new Shape(a.getShape().size()));
        return flat.getDataType() == DataType.FLOAT64 ? flat.toDoubleArray()
                : flat.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private void closeDecode() {
        if (decodeManager != null) {
            decodeManager.close();
            decodeManager = null;
            bound = null;
        }
    }

    /** Frees the current decode's arrays. */
    @Override
    public void close() {
        closeDecode();
    }

    /** The model decoded. */
    public AttentionSeq2SeqBlock model() {
        return model;
    }
}
