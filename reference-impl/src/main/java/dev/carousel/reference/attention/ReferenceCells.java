package dev.carousel.reference.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;

/** The reference's cell and attention score for each type of a {@link dev.carousel.spec.seq2seq.Seq2SeqConfig}. */
public final class ReferenceCells {
    private ReferenceCells() {
    }

    /** A fresh cell of this type (zero parameters). */
    public static RecurrentCell cell(CellType type, int inputSize, int hiddenSize) {
        return type.hasCellState()
                ? new LstmCell(type.lstmSpec(inputSize, hiddenSize))
                : new GruCell(type.gruSpec(inputSize, hiddenSize));
    }

    /** A fresh score with zero parameters. */
    public static AttentionScore score(ScoreType type, int querySize, int encoderSize, int attentionSize) {
        switch (type) {
            case ADDITIVE: return new AdditiveAttention(querySize, encoderSize, attentionSize);
            case DOT: return new DotAttention(querySize, encoderSize);
            case GENERAL: return new GeneralAttention(querySize, encoderSize);
            default: throw new AssertionError(type);
        }
    }
}
