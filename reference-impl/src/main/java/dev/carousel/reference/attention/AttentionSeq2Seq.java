package dev.carousel.reference.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.decoding.IncrementalDecoder;
import dev.carousel.spec.decoding.StepResult;
import dev.carousel.reference.Masks;
import dev.carousel.reference.ParamSet;
import dev.carousel.reference.RecurrentCell;

/**
 * The attention encoder-decoder of equations.md section 5, in float64 plain loops.
 *
 * <pre>
 *   x_j     = src_embedding[source_j]                                  [M]
 *   e, e_last = Encoder(x, source mask)                                e_j [E]
 *   k_j     = key(e_j)                                                 once per source (attention section 4)
 *   s_0     = 0   or   h_0 = tanh(W_init e_last + b_init), c_0 = 0     (init mode)
 *   h~_0    = 0                                                        (Luong input feeding)
 *   for t = 1 .. T_b:
 *     y_{t-1} = tgt_embedding[ t == 1 ? bos : target_{t-1} ]
 *     (s_t, out_t, alpha_t) = decoder step (Bahdanau or Luong)
 *     logits_t = W_out out_t + b_out;  log p_t = log softmax(logits_t)
 *   loss = - sum_b sum_{t valid} log p_t[target_t]                     (SUMMED over valid target tokens)
 * </pre>
 *
 * Teacher forcing: {@code target[b][t]} is the token predicted at step t (the sequence usually ends with eos); the
 * decoder input at step t is bos for t = 0 and {@code target[b][t-1]} after. The target mask must be a prefix mask
 * (length T_b); at masked steps the decoder does not run and logits, log-probabilities and alphas are 0.
 *
 * <p>Parameters ({@link #params()}, in this order):
 * <pre>
 *   src_embedding            [V_src, M]
 *   tgt_embedding            [V_tgt, M]
 *   encoder.fwd.*            the encoder cell's (w_ih [G*H_enc, M], w_hh [G*H_enc, H_enc], b_ih, b_hh [G*H_enc],
 *                            p_i, p_f, p_o [H_enc] for PEEPHOLE_LSTM); G = 4 (LSTM) or 3 (GRU)
 *   encoder.bwd.*            the same, bidirectional only
 *   bridge.w_init [H_dec, E], bridge.b_init [H_dec]       init mode FROM_ENCODER only
 *   attention.w_q [A, H_dec], attention.w_k [A, E], attention.b [A], attention.v [A]   additive
 *   attention.w_a [H_dec, E]                                                          general (dot: none)
 *   decoder.*                the decoder cell's (w_ih [G*H_dec, M+E] Bahdanau or [G*H_dec, M+H_dec] Luong,
 *                            w_hh [G*H_dec, H_dec], b_ih, b_hh [G*H_dec], peepholes [H_dec])
 *   decoder.w_c [H_dec, E + H_dec]                          Luong only
 *   output.w_out [V_tgt, O], output.b_out [V_tgt]           O = H_dec + E (Bahdanau) or H_dec (Luong)
 * </pre>
 *
 * <p>Inference ({@link IncrementalDecoder}): {@link #start} = {@link #initialState}({@link #encode}(source)) runs the
 * encoder once and precomputes the attention keys; {@link #step} runs one decoder step from a {@link DecoderState}
 * and returns log p [V_tgt], the new state and alpha [S]. {@link GreedyDecoder} and {@link BeamSearch} drive it.
 */
public final class AttentionSeq2Seq implements IncrementalDecoder<DecoderState> {
    private final Seq2SeqConfig config;
    private final Embedding sourceEmbedding;
    private final Embedding targetEmbedding;
    private final Encoder encoder;
    private final InitialStateBridge bridge;
    private final Attention attention;
    private final AttentionDecoder decoder;
    private final SoftmaxOutput output;
    private final ParamSet params = new ParamSet();

    /** A model with all parameters zero; see {@link Seq2SeqInitializer}. */
    public AttentionSeq2Seq(Seq2SeqConfig config) {
        this.config = config;
        int m = config.embeddingSize();
        int hEnc = config.encoderHiddenSize();
        int hDec = config.decoderHiddenSize();
        int e = config.encoderOutputSize();
        sourceEmbedding = new Embedding("src_embedding", config.sourceVocabSize(), m);
        targetEmbedding = new Embedding("tgt_embedding", config.targetVocabSize(), m);
        encoder = new Encoder(ReferenceCells.cell(config.encoderCell(), m, hEnc),
                config.bidirectional() ? ReferenceCells.cell(config.encoderCell(), m, hEnc) : null);
        bridge = config.initMode() == Seq2SeqConfig.InitMode.FROM_ENCODER ? new InitialStateBridge(e, hDec) : null;
        attention = new Attention(ReferenceCells.score(config.scoreType(), hDec, e, config.attentionSize()));
        RecurrentCell decoderCell = ReferenceCells.cell(config.decoderCell(), config.decoderInputSize(), hDec);
        decoder = config.decoderType() == Seq2SeqConfig.DecoderType.BAHDANAU
                ? new BahdanauDecoder(decoderCell, attention, m)
                : new LuongDecoder(decoderCell, attention, m);
        output = new SoftmaxOutput(config.decoderOutputSize(), config.targetVocabSize());
        params.add(sourceEmbedding.table());
        params.add(targetEmbedding.table());
        params.addAll("encoder.", encoder.params());
        if (bridge != null) {
            params.addAll("bridge.", bridge.params());
        }
        params.addAll("attention.", attention.params());
        params.addAll("decoder.", decoder.params());
        params.addAll("output.", output.params());
    }

    public Seq2SeqConfig config() {
        return config;
    }

    /** Every parameter under its documented name (see the class comment); gradients are added by backward. */
    public ParamSet params() {
        return params;
    }

    public Encoder encoder() {
        return encoder;
    }

    public Attention attention() {
        return attention;
    }

    public AttentionDecoder decoder() {
        return decoder;
    }

    public Embedding sourceEmbedding() {
        return sourceEmbedding;
    }

    public Embedding targetEmbedding() {
        return targetEmbedding;
    }

    // ------------------------------------------------------------------------------------------- teacher forcing

    /** {@link #forward(int[][], double[][], int[][], double[][])} with prefix masks built from lengths. */
    public Forward forward(int[][] source, int[] sourceLengths, int[][] target, int[] targetLengths) {
        checkCount("sourceLengths", sourceLengths.length, source.length);
        checkCount("targetLengths", targetLengths.length, target.length);
        return forward(source, Masks.fromLengths(sourceLengths, width("source", source)), target,
                Masks.fromLengths(targetLengths, width("target", target)));
    }

    /**
     * Teacher-forced forward pass on a padded batch.
     *
     * @param source     source token ids [B][S] (padded positions may hold pad)
     * @param sourceMask [B][S] of 0/1, or null for all valid; a fully masked row is an error
     * @param target     target token ids [B][T] predicted at each step
     * @param targetMask [B][T] prefix mask of 0/1, or null for all valid
     */
    public Forward forward(int[][] source, double[][] sourceMask, int[][] target, double[][] targetMask) {
        int batch = source.length;
        checkCount("target batch", target.length, batch);
        int tt = width("target", target);
        double[][] tMask = targetMask == null ? Masks.full(batch, tt) : targetMask;
        Masks.check(tMask, batch, tt);
        double[][][] x = sourceEmbedding.lookup(source);
        int[][] input = new int[batch][tt];
        double[][][] y = new double[batch][tt][];
        for (int b = 0; b < batch; b++) {
            int len = prefixLength(tMask[b], b);
            for (int t = 0; t < tt; t++) {
                input[b][t] = t == 0 ? config.bosId() : (t < len ? target[b][t - 1] : config.padId());
                y[b][t] = t < len ? embedTarget(input[b][t], b, t) : new double[config.embeddingSize()];
            }
        }
        Forward f = forwardEmbedded(x, sourceMask, y, target, tMask);
        f.sourceTokens = source;
        f.inputTokens = input;
        return f;
    }

    /**
     * Teacher-forced forward from already embedded inputs (what {@link #forward} does after the embedding lookups);
     * the gradients with respect to these inputs are {@link Gradients#dSourceEmbedded} and
     * {@link Gradients#dTargetInputEmbedded}.
     *
     * @param x          embedded source [B][S][M]
     * @param sourceMask [B][S] or null
     * @param y          embedded decoder inputs y_{t-1} [B][T][M] (read only at valid target steps)
     * @param target     target token ids [B][T]
     * @param targetMask [B][T] prefix mask, or null
     */
    public Forward forwardEmbedded(double[][][] x, double[][] sourceMask, double[][][] y, int[][] target,
                                   double[][] targetMask) {
        int batch = x.length;
        checkCount("target batch", target.length, batch);
        checkCount("decoder input batch", y.length, batch);
        int s = width3("source", x);
        int tt = width("target", target);
        double[][] tMask = targetMask == null ? Masks.full(batch, tt) : targetMask;
        Masks.check(tMask, batch, tt);
        if (sourceMask != null) {
            Masks.check(sourceMask, batch, s);
        }
        Encoder.Result enc = encoder.forward(x, sourceMask);
        int nV = config.targetVocabSize();
        Forward f = new Forward(batch, s, tt, nV, config.decoderOutputSize(), config.decoderHiddenSize());
        f.encoded = enc;
        f.targets = target;
        double total = 0;
        int count = 0;
        for (int b = 0; b < batch; b++) {
            int len = prefixLength(tMask[b], b);
            f.lengths[b] = len;
            SourceKeys keys;
            try {
                keys = attention.precomputeKeys(enc.e[b], enc.mask[b]);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("source sequence " + b + ": " + ex.getMessage(), ex);
            }
            EncodedSource src = new EncodedSource(keys, enc.eLast[b]);
            f.sources[b] = src;
            DecoderState state = initialState(src);
            f.initial[b] = state;
            f.steps[b] = new AttentionDecoder.Step[len];
            for (int t = 0; t < len; t++) {
                if (y[b].length != tt || y[b][t].length != config.embeddingSize()) {
                    throw new IllegalArgumentException("decoder input [" + b + "][" + t + "]: expected [" + tt + "]["
                            + config.embeddingSize() + "], got [" + y[b].length + "][" + y[b][t].length + "]");
                }
                int tok = target[b][t];
                if (tok < 0 || tok >= nV) {
                    throw new IllegalArgumentException("target token [" + b + "][" + t + "] must be in [0, " + nV
                            + "), got " + tok);
                }
                AttentionDecoder.Step st = decoder.forward(keys, y[b][t], state.s, state.feed);
                f.steps[b][t] = st;
                f.decoderOutputs[b][t] = st.out().clone();
                f.decoderHidden[b][t] = st.state()[0].clone();
                f.logits[b][t] = output.logits(st.out());
                f.logProbs[b][t] = SoftmaxOutput.logSoftmax(f.logits[b][t]);
                f.alphas[b][t] = st.attention().alphas();
                total -= f.logProbs[b][t][tok];
                count++;
                state = new DecoderState(src, st.state(), st.feed());
            }
        }
        f.loss = total;
        f.tokenCount = count;
        return f;
    }

    /**
     * Exact backward pass of the summed loss: gradients are ADDED into {@link #params()} (call zeroGrad first),
     * including those of the embedding tables when {@code f} came from the token-id {@link #forward}.
     */
    public Gradients backward(Forward f) {
        int batch = f.steps.length;
        int s = f.encoded.e.length == 0 ? 0 : f.encoded.e[0].length;
        int tt = f.logits.length == 0 ? 0 : f.logits[0].length;
        double[][][] dY = new double[batch][tt][config.embeddingSize()];
        double[][][] de = new double[batch][][];
        double[][] deLast = new double[batch][config.encoderOutputSize()];
        for (int b = 0; b < batch; b++) {
            SourceKeys keys = f.sources[b].keys;
            double[][] dS = new double[decoder.cell().stateCount()][config.decoderHiddenSize()];
            double[] dFeed = null;
            for (int t = f.lengths[b] - 1; t >= 0; t--) {
                AttentionDecoder.Step st = f.steps[b][t];
                double[] dOut = output.backward(st.out(), f.logProbs[b][t], f.targets[b][t]);
                AttentionDecoder.StepGradients g = decoder.backward(st, keys, dOut, dS, dFeed);
                dY[b][t] = g.dy();
                dS = g.dStatePrev();
                dFeed = g.dFeedPrev();                   // dLoss/dh~_{t-1}; h~_0 = 0 is a constant
            }
            if (bridge != null) {                        // h_0 = tanh(W_init e_last + b_init); c_0 = 0 is constant
                deLast[b] = bridge.backward(f.sources[b].eLast, f.initial[b].s[0], dS[0]);
            }
            de[b] = attention.backwardKeys(keys);
        }
        double[][][] dX = encoder.backward(f.encoded, de, bridge == null ? null : deLast);
        if (f.sourceTokens != null) {
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < s; j++) {
                    if (f.encoded.mask[b][j] == 1.0) {
                        sourceEmbedding.backward(f.sourceTokens[b][j], dX[b][j]);
                    }
                }
                for (int t = 0; t < f.lengths[b]; t++) {
                    targetEmbedding.backward(f.inputTokens[b][t], dY[b][t]);
                }
            }
        }
        return new Gradients(dX, dY);
    }

    // ------------------------------------------------------------------------------------------------ inference

    /** Runs the encoder ONCE over one (unpadded) source sequence and precomputes the attention keys. */
    public EncodedSource encode(int[] source) {
        if (source.length == 0) {
            throw new IllegalArgumentException("encode: the source is empty; attention needs at least one token");
        }
        double[][][] x = sourceEmbedding.lookup(new int[][] {source});
        Encoder.Result enc = encoder.forward(x, null);
        return new EncodedSource(attention.precomputeKeys(enc.e[0], enc.mask[0]), enc.eLast[0]);
    }

    /** s_0 (zeros or the bridge from e_last) and h~_0 = 0 for the Luong decoder. */
    public DecoderState initialState(EncodedSource source) {
        int hDec = config.decoderHiddenSize();
        double[][] s = new double[decoder.cell().stateCount()][hDec];
        if (bridge != null) {
            s[0] = bridge.forward(source.eLast);
        }
        double[] feed = decoder.feedSize() == 0 ? null : new double[decoder.feedSize()];
        return new DecoderState(source, s, feed);
    }

    /** The config's bos id. */
    @Override
    public int bosId() {
        return config.bosId();
    }

    /** The config's eos id. */
    @Override
    public int eosId() {
        return config.eosId();
    }

    /** V_tgt. */
    @Override
    public int targetVocabSize() {
        return config.targetVocabSize();
    }

    /** {@code initialState(encode(source))}: the encoder runs once, here. */
    @Override
    public DecoderState start(int[] source) {
        return initialState(encode(source));
    }

    /**
     * One decoder step from {@code state} with the previous token (bos at the first step). The encoder is not
     * re-run: the step reads the state's {@link EncodedSource}. Returns log p(. | prefix, source) [V_tgt], the new
     * state (the old one is unchanged) and the step's alphas [S].
     */
    @Override
    public StepResult<DecoderState> step(DecoderState state, int prevToken) {
        double[] y = targetEmbedding.lookup(prevToken);
        AttentionDecoder.Step st = decoder.forward(state.source.keys, y, state.s, state.feed);
        double[] logProbs = SoftmaxOutput.logSoftmax(output.logits(st.out()));
        return new StepResult<>(logProbs, new DecoderState(state.source, st.state(), st.feed()),
                st.attention().alphas());
    }

    // ---------------------------------------------------------------------------------------------------- checks

    private double[] embedTarget(int token, int b, int t) {
        try {
            return targetEmbedding.lookup(token);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("decoder input [" + b + "][" + t + "] (target [" + b + "][" + (t - 1)
                    + "]): " + ex.getMessage(), ex);
        }
    }

    private static int prefixLength(double[] mask, int b) {
        int len = 0;
        while (len < mask.length && mask[len] == 1.0) {
            len++;
        }
        for (int t = len; t < mask.length; t++) {
            if (mask[t] != 0.0) {
                throw new IllegalArgumentException("target mask row " + b + " must be a prefix mask (1s then 0s), got 1"
                        + " at step " + t + " after a 0 at step " + len);
            }
        }
        return len;
    }

    private static void checkCount(String what, int got, int expected) {
        if (got != expected) {
            throw new IllegalArgumentException(what + ": expected " + expected + " sequences (batch), got " + got);
        }
    }

    private static int width(String what, int[][] tokens) {
        int w = tokens.length == 0 ? 0 : tokens[0].length;
        for (int b = 0; b < tokens.length; b++) {
            if (tokens[b].length != w) {
                throw new IllegalArgumentException(what + ": row " + b + " has " + tokens[b].length
                        + " tokens, expected " + w + " (pad and mask instead)");
            }
        }
        return w;
    }

    private static int width3(String what, double[][][] x) {
        int w = x.length == 0 ? 0 : x[0].length;
        for (int b = 0; b < x.length; b++) {
            if (x[b].length != w) {
                throw new IllegalArgumentException(what + ": row " + b + " has " + x[b].length + " steps, expected "
                        + w + " (pad and mask instead)");
            }
        }
        return w;
    }

    // --------------------------------------------------------------------------------------------------- results

    /**
     * The teacher-forced forward pass: logits [B][T][V], logProbs [B][T][V], alphas [B][T][S] (all 0 at masked
     * target steps), the summed loss, the number of target tokens it sums over, and the caches backward needs.
     */
    public static final class Forward {
        public final double[][][] logits;
        public final double[][][] logProbs;
        public final double[][][] alphas;
        /** out_t [B][T][O], the softmax layer's inputs (0 at masked steps). */
        public final double[][][] decoderOutputs;
        /** h(s_t) [B][T][H_dec], the decoder cell's hidden state after step t (0 at masked steps). */
        public final double[][][] decoderHidden;
        /** - sum over valid target tokens of log p(target). */
        public double loss;
        /** The number of valid target tokens; loss / tokenCount is the mean. */
        public int tokenCount;
        final int[] lengths;
        final EncodedSource[] sources;
        final DecoderState[] initial;
        final AttentionDecoder.Step[][] steps;
        Encoder.Result encoded;
        int[][] targets;
        int[][] sourceTokens;
        int[][] inputTokens;

        Forward(int batch, int s, int tt, int nV, int nOut, int nH) {
            logits = new double[batch][tt][nV];
            logProbs = new double[batch][tt][nV];
            alphas = new double[batch][tt][s];
            decoderOutputs = new double[batch][tt][nOut];
            decoderHidden = new double[batch][tt][nH];
            lengths = new int[batch];
            sources = new EncodedSource[batch];
            initial = new DecoderState[batch];
            steps = new AttentionDecoder.Step[batch][];
        }

        /** Encoder outputs e [B][S][E] (0 at masked source positions). */
        public double[][][] encoderOutputs() {
            return encoded.e;
        }

        /** e_last [B][E]. */
        public double[][] encoderFinalState() {
            return encoded.eLast;
        }

        /** Target lengths T_b. */
        public int[] targetLengths() {
            return lengths.clone();
        }
    }

    /**
     * Gradients with respect to the embedded inputs (parameter gradients go into {@link #params()}):
     * dSourceEmbedded [B][S][M] (0 at masked positions), dTargetInputEmbedded [B][T][M] (dLoss/dy_{t-1}; 0 at masked
     * steps).
     */
    public record Gradients(double[][][] dSourceEmbedded, double[][][] dTargetInputEmbedded) {
    }
}
