package dev.carousel.spec.seq2seq;

import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;

/**
 * What an attention encoder-decoder is (equations.md section 5): the one configuration of the reference model, the
 * DL4J graph and the DJL block. Build one with {@link #builder()} (or {@link #of} for the small default and the
 * {@code with*} copies).
 *
 * <pre>{@code
 * Seq2SeqConfig cfg = Seq2SeqConfig.builder(12, 12)
 *         .embeddingSize(16).hiddenSizes(32, 32)
 *         .cells(CellType.PEEPHOLE_LSTM, CellType.GRU)
 *         .decoder(DecoderType.LUONG).score(ScoreType.GENERAL)
 *         .build();
 * }</pre>
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

        /** The LSTM spec of this type for the given sizes, or null for a GRU type. */
        public LstmSpec lstmSpec(int inputSize, int hiddenSize) {
            switch (this) {
                case LSTM: return LstmSpec.vanilla(inputSize, hiddenSize);
                case PEEPHOLE_LSTM: return LstmSpec.peephole(inputSize, hiddenSize);
                default: return null;
            }
        }

        /** The GRU spec of this type for the given sizes, or null for an LSTM type. */
        public GruSpec gruSpec(int inputSize, int hiddenSize) {
            switch (this) {
                case GRU: return new GruSpec(inputSize, hiddenSize, true);
                case GRU_RESET_BEFORE: return new GruSpec(inputSize, hiddenSize, false);
                default: return null;
            }
        }

        /** True for the LSTM types (state {h, c}), false for the GRU types (state {h}). */
        public boolean hasCellState() {
            return this == LSTM || this == PEEPHOLE_LSTM;
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
        /** Additive (Bahdanau): score(s, e_j) = v^T tanh(W_q s + b + W_k e_j). */
        ADDITIVE,
        /** Dot (Luong): score(s, e_j) = s^T e_j (needs H_dec == E). */
        DOT,
        /** General (Luong): score(s, e_j) = s^T W_a e_j. */
        GENERAL
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

    /** A builder with the defaults of {@link #of}: LSTM cells, Bahdanau decoder, additive attention, zero init. */
    public static Builder builder(int sourceVocabSize, int targetVocabSize) {
        return new Builder(sourceVocabSize, targetVocabSize);
    }

    /** Builds a {@link Seq2SeqConfig}; {@link #build()} checks it (the message names the offending field). */
    public static final class Builder {
        private final int sourceVocabSize;
        private final int targetVocabSize;
        private int embeddingSize = 16;
        private int encoderHiddenSize = 32;
        private int decoderHiddenSize = 32;
        private CellType encoderCell = CellType.LSTM;
        private CellType decoderCell = CellType.LSTM;
        private boolean bidirectional;
        private DecoderType decoderType = DecoderType.BAHDANAU;
        private ScoreType scoreType = ScoreType.ADDITIVE;
        private int attentionSize = -1;
        private InitMode initMode = InitMode.ZEROS;
        private int bosId = 1;
        private int eosId = 2;
        private int padId = 0;

        private Builder(int sourceVocabSize, int targetVocabSize) {
            this.sourceVocabSize = sourceVocabSize;
            this.targetVocabSize = targetVocabSize;
        }

        /** M, the size of the source and target embeddings (default 16). */
        public Builder embeddingSize(int m) {
            this.embeddingSize = m;
            return this;
        }

        /** H_enc (per direction) and H_dec (default 32 and 32). */
        public Builder hiddenSizes(int encoderHidden, int decoderHidden) {
            this.encoderHiddenSize = encoderHidden;
            this.decoderHiddenSize = decoderHidden;
            return this;
        }

        /** The encoder's and the decoder's cells (default LSTM, LSTM). */
        public Builder cells(CellType encoder, CellType decoder) {
            this.encoderCell = encoder;
            this.decoderCell = decoder;
            return this;
        }

        /** A bidirectional encoder: e_j = [fwd h_j ; bwd h_j] (default false). */
        public Builder bidirectional(boolean v) {
            this.bidirectional = v;
            return this;
        }

        /** Bahdanau or Luong (default Bahdanau). */
        public Builder decoder(DecoderType v) {
            this.decoderType = v;
            return this;
        }

        /** The attention score (default additive). */
        public Builder score(ScoreType v) {
            this.scoreType = v;
            return this;
        }

        /** A, the additive attention's size (default H_dec). */
        public Builder attentionSize(int a) {
            this.attentionSize = a;
            return this;
        }

        /** The decoder's initial state (default zeros). */
        public Builder initMode(InitMode v) {
            this.initMode = v;
            return this;
        }

        /** The begin, end and padding tokens (default 1, 2, 0). */
        public Builder tokens(int bos, int eos, int pad) {
            this.bosId = bos;
            this.eosId = eos;
            this.padId = pad;
            return this;
        }

        public Seq2SeqConfig build() {
            return new Seq2SeqConfig(sourceVocabSize, targetVocabSize, embeddingSize, encoderHiddenSize,
                    decoderHiddenSize, encoderCell, decoderCell, bidirectional, decoderType, scoreType,
                    attentionSize > 0 ? attentionSize : decoderHiddenSize, initMode, bosId, eosId, padId);
        }
    }
}
