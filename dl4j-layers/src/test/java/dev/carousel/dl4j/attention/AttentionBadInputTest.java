package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.NoOp;

/** Bad configurations and inputs give exceptions that name what was expected and what came. */
class AttentionBadInputTest {

    private static String message(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    @Test
    void dotNeedsEqualSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttentionDecoderVertex(6,
                3, 4, 3, CellType.LSTM, DecoderType.BAHDANAU, ScoreType.DOT, InitMode.ZEROS, true, new NoOp()));
        assertTrue(e.getMessage().contains("H=4") && e.getMessage().contains("E=6"), e.getMessage());
    }

    @Test
    void fullyMaskedSourceIsRejected() {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(0);
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new NoOp(), DataType.DOUBLE, 1);
        MultiDataSet ds = AttentionFixtures.batch(1, new int[] {5, 3}, 5, new int[] {4, 2}, 4).arrays(cfg,
                DataType.DOUBLE);
        INDArray srcMask = ds.getFeaturesMaskArray(0);
        srcMask.getRow(1).assign(0);
        Exception e = assertThrows(Exception.class, () -> new Dl4jAttentionSeq2Seq(g, cfg).teacherForced(ds));
        assertTrue(message(e).contains("source sequence 1 is fully masked"), message(e));
    }

    @Test
    void nonBinaryMaskIsRejected() {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(3);
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new NoOp(), DataType.FLOAT, 1);
        MultiDataSet ds = AttentionFixtures.batch(1, new int[] {5, 3}, 5, new int[] {4, 2}, 4).arrays(cfg,
                DataType.FLOAT);
        ds.getFeaturesMaskArray(0).putScalar(0, 1, 0.5);
        Exception e = assertThrows(Exception.class, () -> new Dl4jAttentionSeq2Seq(g, cfg).teacherForced(ds));
        assertTrue(message(e).contains("must be 0 or 1, got 0.5"), message(e));
    }

    @Test
    void decodingChecksTokens() {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(5);
        Dl4jAttentionSeq2Seq m = new Dl4jAttentionSeq2Seq(AttentionSeq2SeqGraph.build(cfg, new NoOp(),
                DataType.FLOAT, 1), cfg);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.start(new int[0])).getMessage()
                .contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.start(new int[] {3, 99})).getMessage()
                .contains("got 99"));
        Dl4jAttentionSeq2Seq.State s = m.start(new int[] {3, 4});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.step(s, -1)).getMessage()
                .contains("got -1"));
    }

    @Test
    void raggedOrOutOfRangeBatchesAreRejected() {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Seq2SeqArrays.batch(cfg,
                new int[][] {{3, 4}, {3}}, null, new int[][] {{2}, {2}}, null, DataType.FLOAT)).getMessage()
                .contains("row 1 has 1 tokens, expected 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Seq2SeqArrays.batch(cfg,
                new int[][] {{3, 4}}, null, new int[][] {{2, 40}}, null, DataType.FLOAT)).getMessage()
                .contains("got 40"));
    }

    @Test
    void truncatedBpttIsRefused() {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(0);
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new NoOp(), DataType.FLOAT, 1);
        MultiDataSet ds = AttentionFixtures.batch(1, new int[] {5, 3}, 5, new int[] {4, 2}, 4).arrays(cfg,
                DataType.FLOAT);
        g.setInputs(ds.getFeatures());
        g.setLabels(ds.getLabels());
        g.setLayerMaskArrays(ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
        g.feedForward(true, false, false);
        AttentionDecoderVertexImpl v = AttentionSeq2SeqGraph.decoder(g);
        v.setEpsilon(org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 2, cfg.decoderOutputSize(), 4));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> v.doBackward(true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("truncated BPTT"), e.getMessage());
    }
}
