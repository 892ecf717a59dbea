package dev.carousel.reference.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.Param;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Seq2SeqValidationTest {

    static Seq2SeqConfig base() {
        return new Seq2SeqConfig(6, 7, 3, 3, 4, CellType.LSTM, CellType.LSTM, true, DecoderType.BAHDANAU,
                ScoreType.GENERAL, 3, InitMode.FROM_ENCODER, 1, 2, 0);
    }

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void configRejectsInconsistentSettings() {
        String m = message(() -> new Seq2SeqConfig(6, 7, 3, 3, 4, CellType.LSTM, CellType.LSTM, true,
                DecoderType.LUONG, ScoreType.DOT, 3, InitMode.ZEROS, 1, 2, 0));
        assertTrue(m.contains("dot") && m.contains("E=6"), m);
        m = message(() -> new Seq2SeqConfig(6, 7, 3, 3, 4, CellType.LSTM, CellType.LSTM, true,
                DecoderType.LUONG, ScoreType.GENERAL, 3, InitMode.ZEROS, 1, 7, 0));
        assertTrue(m.contains("eosId") && m.contains("[0, 7)"), m);
        m = message(() -> new Seq2SeqConfig(6, 0, 3, 3, 4, CellType.LSTM, CellType.LSTM, true,
                DecoderType.LUONG, ScoreType.GENERAL, 3, InitMode.ZEROS, 1, 2, 0));
        assertTrue(m.contains("targetVocab=0"), m);
    }

    @Test
    void forwardRejectsBadBatches() {
        AttentionSeq2Seq model = new AttentionSeq2Seq(base());
        Seq2SeqInitializer.initialize(model, 1);
        int[][] src = {{3, 4, 5}, {5, 2, 0}};
        int[][] tgt = {{3, 2}, {2, 0}};
        String m = message(() -> model.forward(src, new int[] {3, 0}, tgt, new int[] {2, 1}));
        assertTrue(m.contains("source sequence 1") && m.contains("fully masked"), m);
        m = message(() -> model.forward(src, new double[][] {{1, 1, 1}, {1, 1, 0}}, tgt,
                new double[][] {{1, 0}, {0, 1}}));
        assertTrue(m.contains("prefix"), m);
        m = message(() -> model.forward(src, new int[] {3, 2}, new int[][] {{3, 9}, {2, 0}}, new int[] {2, 1}));
        assertTrue(m.contains("target token [0][1]") && m.contains("9"), m);
        m = message(() -> model.forward(src, new int[] {3, 2}, new int[][] {{3, 2}}, new int[] {2}));
        assertTrue(m.contains("expected 2"), m);
        m = message(() -> model.forward(new int[][] {{3, 4, 5}, {5, 2}}, new int[] {3, 2}, tgt, new int[] {2, 1}));
        assertTrue(m.contains("pad and mask"), m);
        m = message(() -> model.forward(new int[][] {{3, 4, 6}, {5, 2, 0}}, new int[] {3, 2}, tgt, new int[] {2, 1}));
        assertTrue(m.contains("src_embedding") && m.contains("[0][2]"), m);
        m = message(() -> model.forward(src, new double[][] {{1, 1, 0.5}, {1, 1, 0}}, tgt, null));
        assertTrue(m.contains("0 or 1"), m);
    }

    @Test
    void initializerIsSeededAndWithinPyTorchBounds() {
        Seq2SeqConfig cfg = new Seq2SeqConfig(6, 7, 3, 3, 4, CellType.GRU, CellType.LSTM, true, DecoderType.LUONG,
                ScoreType.ADDITIVE, 5, InitMode.FROM_ENCODER, 1, 2, 0);
        AttentionSeq2Seq a = new AttentionSeq2Seq(cfg);
        AttentionSeq2Seq b = new AttentionSeq2Seq(cfg);
        AttentionSeq2Seq c = new AttentionSeq2Seq(cfg);
        Seq2SeqInitializer.initialize(a, 9);
        Seq2SeqInitializer.initialize(b, 9);
        Seq2SeqInitializer.initialize(c, 10);
        double differences = 0;
        for (Map.Entry<String, Param> e : a.params().asMap().entrySet()) {
            String name = e.getKey();
            Param p = e.getValue();
            Param q = b.params().get(name);
            Param r = c.params().get(name);
            double bound;
            if (name.endsWith("_embedding")) {
                bound = Double.POSITIVE_INFINITY;
            } else if (name.startsWith("encoder.")) {
                bound = 1 / Math.sqrt(3);
            } else if (name.startsWith("decoder.") && !name.equals("decoder.w_c")) {
                bound = 1 / Math.sqrt(4);
            } else if (name.equals("decoder.w_c")) {
                bound = 1 / Math.sqrt(6 + 4);
            } else if (name.startsWith("bridge.")) {
                bound = 1 / Math.sqrt(6);
            } else if (name.equals("attention.w_k")) {
                bound = 1 / Math.sqrt(6);
            } else if (name.equals("attention.w_q") || name.equals("attention.b")) {
                bound = 1 / Math.sqrt(4);
            } else if (name.equals("attention.v")) {
                bound = 1 / Math.sqrt(5);
            } else {
                bound = 1 / Math.sqrt(4);                          // output.w_out [7, 4], output.b_out
            }
            double maxAbs = 0;
            for (int k = 0; k < p.size(); k++) {
                assertEquals(p.value[k], q.value[k], 0.0, name);
                differences += Math.abs(p.value[k] - r.value[k]);
                maxAbs = Math.max(maxAbs, Math.abs(p.value[k]));
                assertTrue(Math.abs(p.value[k]) <= bound, name + "[" + k + "] = " + p.value[k] + " > " + bound);
            }
            assertTrue(maxAbs > 0.1 * Math.min(bound, 1.0), name + " looks uninitialised: max |w| = " + maxAbs);
        }
        assertNotEquals(0.0, differences);
    }
}
