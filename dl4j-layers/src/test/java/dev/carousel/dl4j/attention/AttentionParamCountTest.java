package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqParameters;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@code numParams()} of the attention graph counts the decoder vertex: it equals the size of the interchange layout
 * ({@link Seq2SeqParameters#shapes}) less one bias per LSTM cell (Carousel's DL4J LSTM layers and the decoder's LSTM
 * cell keep b = b_ih + b_hh; GRU cells keep both), and the length of {@code params()}.
 */
class AttentionParamCountTest {
    @TempDir
    Path dir;

    private static boolean lstm(CellType t) {
        return t == CellType.LSTM || t == CellType.PEEPHOLE_LSTM;
    }

    /** From the documented layout only: every interchange parameter, less b_hh of each LSTM cell. */
    static long expectedCount(Seq2SeqConfig cfg) {
        long n = 0;
        for (Map.Entry<String, int[]> en : Seq2SeqParameters.shapes(cfg).entrySet()) {
            String k = en.getKey();
            boolean encoderCell = k.startsWith("encoder.");
            boolean decoderCell = k.startsWith("decoder.") && !k.equals("decoder.w_c");
            boolean mergedBias = k.endsWith(".b_hh")
                    && (encoderCell && lstm(cfg.encoderCell()) || decoderCell && lstm(cfg.decoderCell()));
            if (!mergedBias) {
                n += Seq2SeqParameters.size(en.getValue());
            }
        }
        return n;
    }

    @Test
    void numParamsCountsTheDecoderVertex() {
        int k = 0;
        for (Seq2SeqConfig cfg : AttentionFixtures.sweep()) {
            if (k++ % 4 != 0 && k != 2) {
                continue;                                  // a spread of cells, scores, decoders and init modes
            }
            ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new NoOp(), DataType.FLOAT, 3);
            long expected = expectedCount(cfg);
            assertEquals(expected, g.numParams(), cfg.toString());
            assertEquals(expected, g.numParams(true), cfg.toString());
            assertEquals(expected, g.params().length(), cfg.toString());
            assertTrue(AttentionSeq2SeqGraph.decoder(g).numParams() > 0);
        }
    }

    @Test
    void restoredGraphCountsTheDecoderVertex() throws Exception {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(5);
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new Adam(1e-2), DataType.FLOAT, 4);
        File f = dir.resolve("attention.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        AttentionComputationGraph r = AttentionComputationGraph.restore(f, true);
        assertEquals(expectedCount(cfg), r.numParams());
        assertEquals(g.params(), r.params());
        assertEquals(g.getUpdater().getStateViewArray(), r.getUpdater().getStateViewArray());
    }
}
