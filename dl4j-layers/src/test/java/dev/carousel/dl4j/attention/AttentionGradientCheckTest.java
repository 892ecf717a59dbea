package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's own finite-difference check (GradientCheckUtil, float64, eps 1e-6, max relative error 1e-5, min absolute
 * error 1e-8) of EVERY parameter of the whole graph (embeddings, Carousel encoder, attention decoder vertex, softmax
 * output) with source masks (lengths 4, 2) and target masks (lengths 3, 2): each score with both decoders, LSTM and
 * GRU decoder cells (plus peephole LSTM and reset-before GRU), uni- and bidirectional encoders, both init modes.
 * (M2.1's graph gradient check ignores subset/maxPerParam, so the models are tiny; the 24-configuration sweep
 * against the finite-difference-checked reference is AttentionReferenceAgreementTest.)
 */
class AttentionGradientCheckTest {
    private static DataType oldDefault;
    private static DataType oldFloat;

    @BeforeAll
    static void doubles() {
        oldDefault = Nd4j.dataType();
        oldFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(oldDefault, oldFloat);
    }

    private static Seq2SeqConfig tiny(CellType enc, CellType dec, boolean bi, DecoderType type, ScoreType score,
                                      InitMode init) {
        int e = bi ? 4 : 2;
        int hDec = score == ScoreType.DOT ? e : 3;
        return new Seq2SeqConfig(AttentionFixtures.V_SRC, AttentionFixtures.V_TGT, 2, 2, hDec, enc, dec, bi, type,
                score, 2, init, 1, 2, 0);
    }

    private static List<Seq2SeqConfig> configs() {
        return List.of(
                tiny(CellType.GRU, CellType.LSTM, true, DecoderType.BAHDANAU, ScoreType.ADDITIVE, InitMode.FROM_ENCODER),
                tiny(CellType.LSTM, CellType.GRU, false, DecoderType.LUONG, ScoreType.ADDITIVE, InitMode.ZEROS),
                tiny(CellType.LSTM, CellType.GRU, true, DecoderType.BAHDANAU, ScoreType.DOT, InitMode.ZEROS),
                tiny(CellType.GRU, CellType.LSTM, false, DecoderType.LUONG, ScoreType.DOT, InitMode.FROM_ENCODER),
                tiny(CellType.GRU, CellType.PEEPHOLE_LSTM, false, DecoderType.BAHDANAU, ScoreType.GENERAL,
                        InitMode.FROM_ENCODER),
                tiny(CellType.LSTM, CellType.GRU_RESET_BEFORE, true, DecoderType.LUONG, ScoreType.GENERAL,
                        InitMode.FROM_ENCODER));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        int k = 0;
        for (Seq2SeqConfig cfg : configs()) {
            long t0 = System.nanoTime();
            ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new NoOp(), DataType.DOUBLE, 300 + k);
            AttentionFixtures.Batch b = AttentionFixtures.batch(400 + k, new int[] {4, 2}, 4, new int[] {3, 2}, 3);
            k++;
            MultiDataSet ds = b.arrays(cfg, DataType.DOUBLE);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(ds.getFeatures()).labels(ds.getLabels())
                    .inputMask(ds.getFeaturesMaskArrays()).labelMask(ds.getLabelsMaskArrays())
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, "gradient check failed for " + cfg);
            System.out.println("gradient check " + cfg.decoderType() + "/" + cfg.scoreType() + "/" + cfg.decoderCell()
                    + ": " + g.numParams() + " params, " + (System.nanoTime() - t0) / 1e6 + " ms");
        }
    }
}
