package dev.carousel.verify.vectors;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import java.util.Locale;

/**
 * What a seq2seq test case computes (test-vectors.md "Seq2seq cases"): the contents of a {@code case.json} with
 * {@code "kind": "seq2seq"}: the encoder-decoder's {@link Seq2SeqConfig} (its eos token plays no part in a
 * teacher-forced case and is set to bos; the pad token is 0) and the batch's sizes.
 *
 * @param model  the encoder-decoder
 * @param batch  B
 * @param source S, the padded source length
 * @param target T, the padded target length
 */
public record Seq2SeqCaseConfig(Seq2SeqConfig model, int batch, int source, int target) implements VectorConfig {

    public Seq2SeqCaseConfig {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (batch <= 0 || source <= 0 || target <= 0) {
            throw new IllegalArgumentException("batch, source and target must be positive, got batch=" + batch
                    + " source=" + source + " target=" + target);
        }
    }

    /** The case.json name of a cell type: lstm, peephole_lstm, gru, gru_reset_before. */
    public static String cellKey(CellType cell) {
        return cell.name().toLowerCase(Locale.ROOT);
    }

    /** A short description, e.g. "seq2seq lstm->gru bahdanau additive zeros bi". */
    @Override
    public String variant() {
        Seq2SeqConfig m = model;
        return "seq2seq " + cellKey(m.encoderCell()) + "->" + cellKey(m.decoderCell()) + " "
                + m.decoderType().name().toLowerCase(Locale.ROOT) + " " + m.scoreType().name().toLowerCase(Locale.ROOT)
                + " " + m.initMode().name().toLowerCase(Locale.ROOT) + (m.bidirectional() ? " bi" : " uni");
    }
}
