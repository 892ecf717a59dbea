package dev.carousel.dl4j.attention;

import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.NoOp;

/** Configurations, reference models with copied weights, and padded batches for the attention tests. */
final class AttentionFixtures {
    static final int V_SRC = 7;
    static final int V_TGT = 6;

    private AttentionFixtures() {
    }

    /** A small configuration: M = 3, H_enc = 3 (E = 3 or 6), H_dec = E when the score is dot, else 4, A = 3. */
    static Seq2SeqConfig config(CellType enc, CellType dec, boolean bi, DecoderType type, ScoreType score,
                                InitMode init) {
        int e = bi ? 6 : 3;
        int hDec = score == ScoreType.DOT ? e : 4;
        return new Seq2SeqConfig(V_SRC, V_TGT, 3, 3, hDec, enc, dec, bi, type, score, 3, init, 1, 2, 0);
    }

    /** Every score x decoder x decoder cell, with encoder cell, direction and init mode varied along. */
    static List<Seq2SeqConfig> sweep() {
        List<Seq2SeqConfig> out = new ArrayList<>();
        CellType[] decCells = {CellType.LSTM, CellType.GRU, CellType.PEEPHOLE_LSTM, CellType.GRU_RESET_BEFORE};
        int k = 0;
        for (ScoreType s : ScoreType.values()) {
            for (DecoderType d : DecoderType.values()) {
                for (CellType c : decCells) {
                    CellType enc = k % 2 == 0 ? CellType.GRU : CellType.LSTM;
                    boolean bi = k % 3 != 1;
                    InitMode init = k % 2 == 1 ? InitMode.ZEROS : InitMode.FROM_ENCODER;
                    out.add(config(enc, c, bi, d, s, init));
                    k++;
                }
            }
        }
        return out;
    }

    static AttentionSeq2Seq reference(Seq2SeqConfig cfg, long seed) {
        AttentionSeq2Seq m = new AttentionSeq2Seq(cfg);
        Seq2SeqInitializer.initialize(m, seed);
        return m;
    }

    /** A graph with the reference's weights. */
    static ComputationGraph graph(Seq2SeqConfig cfg, AttentionSeq2Seq ref, DataType dt) {
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new NoOp(), dt, 7);
        Seq2SeqParamImport.importParams(g, cfg, ref.params().values());
        return g;
    }

    /** A padded batch: B sequences, source length S, target length T, given lengths (first ones full). */
    record Batch(int[][] source, int[] sourceLengths, int[][] target, int[] targetLengths) {
        MultiDataSet arrays(Seq2SeqConfig cfg, DataType dt) {
            return Seq2SeqArrays.batch(cfg, source, sourceLengths, target, targetLengths, dt);
        }
    }

    static Batch batch(long seed, int[] sourceLengths, int s, int[] targetLengths, int tt) {
        Random r = new Random(seed);
        int b = sourceLengths.length;
        int[][] src = new int[b][s];
        int[][] tgt = new int[b][tt];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < s; j++) {
                src[i][j] = j < sourceLengths[i] ? 3 + r.nextInt(V_SRC - 3) : 0;
            }
            for (int t = 0; t < tt; t++) {
                tgt[i][t] = t < targetLengths[i] ? (t == targetLengths[i] - 1 ? 2 : 3 + r.nextInt(V_TGT - 3)) : 0;
            }
        }
        return new Batch(src, sourceLengths, tgt, targetLengths);
    }
}
