package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.attention.Seq2SeqConfig;
import dev.carousel.reference.attention.Seq2SeqConfig.CellType;
import dev.carousel.reference.attention.Seq2SeqConfig.DecoderType;
import dev.carousel.reference.attention.Seq2SeqConfig.InitMode;
import dev.carousel.reference.attention.Seq2SeqConfig.ScoreType;
import dev.carousel.tasks.seq2seq.DecodingAccuracy;
import dev.carousel.tasks.seq2seq.HeldOutSplit;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqDataset;
import dev.carousel.tasks.seq2seq.Seq2SeqEvaluator;
import dev.carousel.tasks.seq2seq.Seq2SeqExample;
import dev.carousel.tasks.seq2seq.SequenceReversal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * CI-sized learning test: sequence reversal over 10 symbols (vocabulary 13 with pad, bos, eos), source lengths 3 to
 * 6, 2,000 training and 200 held-out examples (disjoint sources), a GRU encoder and an LSTM Bahdanau decoder with
 * additive attention (M = 16, H = 32, A = 32), float32, minibatch 32, 6 epochs (Adam 0.01, then 0.002 from update
 * 186), fixed seeds. Greedy decoding of the held-out set through the IncrementalDecoder must reach an exact-match
 * accuracy of at least 0.9.
 */
class AttentionReversalLearningTest {

    @Test
    void learnsToReverse() {
        SequenceReversal task = new SequenceReversal(3, 6, 10);
        Seq2SeqDataset data = Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 2000, 200, 42);
        int v = task.vocabulary().size();
        Seq2SeqConfig cfg = new Seq2SeqConfig(v, v, 16, 32, 32, CellType.GRU, CellType.LSTM, false,
                DecoderType.BAHDANAU, ScoreType.ADDITIVE, 32, InitMode.ZEROS, task.vocabulary().bosId(),
                task.vocabulary().eosId(), task.vocabulary().padId());
        // Adam 0.01 for the first 3 epochs (186 updates), then 0.002
        Adam adam = new Adam(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 1e-2, 186, 2e-3)));
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, adam, DataType.FLOAT, 42);
        Dl4jAttentionSeq2Seq model = new Dl4jAttentionSeq2Seq(g, cfg);
        Seq2SeqEvaluator eval = new Seq2SeqEvaluator(task);
        List<Seq2SeqExample> train = new ArrayList<>(data.train());
        Random rng = new Random(42);
        long t0 = System.nanoTime();
        DecodingAccuracy acc;
        for (int epoch = 0; epoch < 6; epoch++) {
            Collections.shuffle(train, rng);
            for (int i = 0; i + 32 <= train.size(); i += 32) {
                Seq2SeqBatch b = Seq2SeqBatch.of(train.subList(i, i + 32));
                g.fit(Seq2SeqArrays.batch(cfg, b.source(), b.sourceLengths(), b.target(), b.targetLengths(),
                        DataType.FLOAT));
            }
            System.out.printf("reversal epoch %d: last minibatch loss %.4f, %.1f s%n", epoch + 1, g.score(),
                    (System.nanoTime() - t0) / 1e9);
        }
        acc = eval.greedy(model, data.test());
        System.out.printf("reversal held-out greedy: exact %.3f, char %.3f, total %.1f s%n", acc.exactMatch(),
                acc.characterAccuracy(), (System.nanoTime() - t0) / 1e9);
        assertTrue(acc.exactMatch() >= 0.9, "held-out exact match " + acc);
    }
}
