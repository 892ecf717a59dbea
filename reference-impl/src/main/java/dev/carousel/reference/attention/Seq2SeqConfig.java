package dev.carousel.reference.attention;

import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;

/**
 * What an {@link AttentionSeq2Seq} model is (equations.md section 5).
 *
 * <p>Sizes: M = embeddingSize (source and target embeddings), H_enc = encoderHiddenSize, E = H_enc (or 2 H_enc when
 * bidirectional), H_dec = decoderHiddenSize (= D, the attention query size), A = attentionSize (additive only).
 *
 * @param sourceVocabSize   V_src
 * @param targetVocabSize   V_tgt (the softmax size)
 * @param embeddingSize     M
 * @param encoderHiddenSize H_enc, per direction
 * @param decoderHiddenSize H_dec
 * @param encoderCell       the encoder's cell
 * @param decoderCell       the decoder's cell
 * @param bidirectional     e_j = [fwd h_j ; bwd h_j]
 * @param decoderType       Bahdanau or Luong
 * @param scoreType         additive, dot (needs H_dec == E) or general
 * @param attentionSize     A for additive attention (ignored, but must be positive, otherwise)
 * @param initMode          the decoder's initial state
 * @param bosId             the target token fed at the first decoder step
 * @param eosId             the target end token (decoding stops when it is produced)
 * @param padId             the padding token (source and target; its positions are masked)
 */
public record Seq2SeqConfig(int sourceVocabSize, int targetVocabSize, int embeddingSize, int encoderHiddenSize,
                            int decoderHiddenSize, CellType encoderCell, CellType decoderCell, boolean bidirectional,
                            DecoderType decoderType, ScoreType scoreType, int attentionSize, InitMode initMode,
                            int bosId, int eosId, int padId) {

    /** The recurrent cells an encoder or decoder can use. */
    public enum CellType {
        /** LSTM without peepholes (PyTorch's, {@link LstmSpec#vanilla}); state {h, c}. */
        LSTM,
        /** Peephole LSTM (Gers 2000, {@link LstmSpec#peephole}); state {h, c}. */
        PEEPHOLE_LSTM,
        /** GRU, reset-after (PyTorch, cuDNN, DJL); state {h}. */
        GRU,
        /** GRU, reset-before (Cho 2014); state {h}. */
        GRU_RESET_BEFORE;

        /** A fresh cell of this type (zero parameters). */
        public RecurrentCell create(int inputSize, int hiddenSize) {
            switch (this) {
                case LSTM: return new LstmCell(LstmSpec.vanilla(inputSize, hiddenSize));
                case PEEPHOLE_LSTM: return new LstmCell(LstmSpec.peephole(inputSize, hiddenSize));
                case GRU: return new GruCell(new GruSpec(inputSize, hiddenSize, true));
                case GRU_RESET_BEFORE: return new GruCell(new GruSpec(inputSize, hiddenSize, false));
                default: throw new AssertionError(this);
            }
        }
    }

    /** Where the attention sits in the decoder (equations.md section 5). */
    public enum DecoderType {
        /** a_t = attend(s_{t-1}, e); s_t = cell([y_{t-1}; a_t], s_{t-1}); out_t = [s_t; a_t]. */
        BAHDANAU,
        /** s_t = cell([y_{t-1}; h~_{t-1}], s_{t-1}); a_t = attend(s_t, e); h~_t = tanh(W_c [a_t; s_t]); out_t = h~_t. */
        LUONG
    }

    /** The attention score (equations.md section 4). */
    public enum ScoreType {
        ADDITIVE, DOT, GENERAL;

        /** A fresh score with zero parameters. */
        public AttentionScore create(int querySize, int encoderSize, int attentionSize) {
            switch (this) {
                case ADDITIVE: return new AdditiveAttention(querySize, encoderSize, attentionSize);
                case DOT: return new DotAttention(querySize, encoderSize);
                case GENERAL: return new GeneralAttention(querySize, encoderSize);
                default: throw new AssertionError(this);
            }
        }
    }

    /** The decoder's initial state s_0. */
    public enum InitMode {
        /** s_0 = 0 (h_0 = 0, and c_0 = 0 for an LSTM decoder). */
        ZEROS,
        /**
         * h_0 = tanh(W_init e_last + b_init), e_last the encoder's final h ([fwd final h ; bwd final h] when
         * bidirectional); an LSTM decoder's c_0 = 0.
         */
        FROM_ENCODER
    }

    public Seq2SeqConfig {
        if (sourceVocabSize <= 0 || targetVocabSize <= 0 || embeddingSize <= 0 || encoderHiddenSize <= 0
                || decoderHiddenSize <= 0 || attentionSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive, got sourceVocab=" + sourceVocabSize
                    + " targetVocab=" + targetVocabSize + " embedding=" + embeddingSize + " encoderHidden="
                    + encoderHiddenSize + " decoderHidden=" + decoderHiddenSize + " attention=" + attentionSize);
        }
        if (encoderCell == null || decoderCell == null || decoderType == null || scoreType == null
                || initMode == null) {
            throw new IllegalArgumentException("cell types, decoder type, score type and init mode must be set");
        }
        checkToken("bosId", bosId, targetVocabSize);
        checkToken("eosId", eosId, targetVocabSize);
        checkToken("padId", padId, Math.min(sourceVocabSize, targetVocabSize));
        int e = encoderHiddenSize * (bidirectional ? 2 : 1);
        if (scoreType == ScoreType.DOT && decoderHiddenSize != e) {
            throw new IllegalArgumentException("dot attention needs decoderHiddenSize == encoder output size E, got "
                    + decoderHiddenSize + " vs E=" + e + (bidirectional ? " (2 x " + encoderHiddenSize + ")" : ""));
        }
    }

    private static void checkToken(String what, int id, int vocab) {
        if (id < 0 || id >= vocab) {
            throw new IllegalArgumentException(what + " must be in [0, " + vocab + "), got " + id);
        }
    }

    /** E, the size of one encoder output e_j. */
    public int encoderOutputSize() {
        return encoderHiddenSize * (bidirectional ? 2 : 1);
    }

    /** The size of out_t, the softmax layer's input: H_dec + E (Bahdanau) or H_dec (Luong). */
    public int decoderOutputSize() {
        return decoderType == DecoderType.BAHDANAU ? decoderHiddenSize + encoderOutputSize() : decoderHiddenSize;
    }

    /** The decoder cell's input size: M + E (Bahdanau: [y; a]) or M + H_dec (Luong: [y; h~]). */
    public int decoderInputSize() {
        return embeddingSize + (decoderType == DecoderType.BAHDANAU ? encoderOutputSize() : decoderHiddenSize);
    }

    /** A small default: unidirectional LSTM encoder and decoder, Bahdanau decoder, additive attention. */
    public static Seq2SeqConfig of(int sourceVocabSize, int targetVocabSize, int embeddingSize, int hiddenSize) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, hiddenSize, hiddenSize,
                CellType.LSTM, CellType.LSTM, false, DecoderType.BAHDANAU, ScoreType.ADDITIVE, hiddenSize,
                InitMode.ZEROS, 1, 2, 0);
    }

    public Seq2SeqConfig withDecoderType(DecoderType v) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHiddenSize,
                decoderHiddenSize, encoderCell, decoderCell, bidirectional, v, scoreType, attentionSize, initMode,
                bosId, eosId, padId);
    }

    public Seq2SeqConfig withScoreType(ScoreType v) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHiddenSize,
                decoderHiddenSize, encoderCell, decoderCell, bidirectional, decoderType, v, attentionSize, initMode,
                bosId, eosId, padId);
    }

    public Seq2SeqConfig withCells(CellType encoder, CellType decoder) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHiddenSize,
                decoderHiddenSize, encoder, decoder, bidirectional, decoderType, scoreType, attentionSize, initMode,
                bosId, eosId, padId);
    }

    public Seq2SeqConfig withBidirectional(boolean v) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHiddenSize,
                decoderHiddenSize, encoderCell, decoderCell, v, decoderType, scoreType, attentionSize, initMode,
                bosId, eosId, padId);
    }

    public Seq2SeqConfig withInitMode(InitMode v) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHiddenSize,
                decoderHiddenSize, encoderCell, decoderCell, bidirectional, decoderType, scoreType, attentionSize, v,
                bosId, eosId, padId);
    }

    public Seq2SeqConfig withHiddenSizes(int encoderHidden, int decoderHidden) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHidden, decoderHidden,
                encoderCell, decoderCell, bidirectional, decoderType, scoreType, attentionSize, initMode,
                bosId, eosId, padId);
    }

    public Seq2SeqConfig withTokens(int bos, int eos, int pad) {
        return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHiddenSize,
                decoderHiddenSize, encoderCell, decoderCell, bidirectional, decoderType, scoreType, attentionSize,
                initMode, bos, eos, pad);
    }
}
