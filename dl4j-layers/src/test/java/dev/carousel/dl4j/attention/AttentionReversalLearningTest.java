package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
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
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * CI-sized learning test (the "at least 99 % exact match on held-out sequences", at CI size): sequence
 * reversal over 10 symbols (vocabulary 13 with pad, bos, eos), source lengths 3 to 6, 4,000 training and 300
 * held-out examples (disjoint sources), the model of the reference's and DJL's CI reversal tests (bidirectional GRU
 * encoder 16 per direction, GRU Bahdanau decoder 16, additive attention A = 16, embeddings 8, decoder state from the
 * encoder), float32, minibatch 32, 4 epochs (500 updates), Adam with the rate decaying geometrically from 1e-2 to
 * 1e-4 over the 500 updates (DL4J's ExponentialSchedule per iteration: the rate of
 * dev.carousel.tasks.seq2seq.LearningRateSchedule), no gradient clipping (ComputationGraph.fit as is), fixed seeds.
 * Greedy decoding of the held-out set through the IncrementalDecoder must reach an exact-match accuracy of at least
 * 0.99. Observed: seed 42 (used here) 0.993 (298/300), seed 1 0.997; 35 s at load ~3, 172-194 s at load 11-13 on a
 * shared 2-core VM. Another seed: -Dcarousel.reversal.seed=N.
 */
class AttentionReversalLearningTest {

    @Test
    void learnsToReverse() {
        long seed = Long.getLong("carousel.reversal.seed", 42L);
        SequenceReversal task = new SequenceReversal(3, 6, 10);
        Seq2SeqDataset data = Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 4000, 300, seed);
        int v = task.vocabulary().size();
        Seq2SeqConfig cfg = new Seq2SeqConfig(v, v, 8, 16, 16, CellType.GRU, CellType.GRU, true,
                DecoderType.BAHDANAU, ScoreType.ADDITIVE, 16, InitMode.FROM_ENCODER, task.vocabulary().bosId(),
                task.vocabulary().eosId(), task.vocabulary().padId());
        int epochs = 4;
        int updates = epochs * 4000 / 32;
        // rate(u) = 1e-2 * (1e-4 / 1e-2)^(u / (updates - 1)), u = DL4J's 0-based iteration count
        Adam adam = new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 1e-2, Math.pow(1e-2, 1.0 / (updates - 1))));
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, adam, DataType.FLOAT, seed);
        Dl4jAttentionSeq2Seq model = new Dl4jAttentionSeq2Seq(g, cfg);
        Seq2SeqEvaluator eval = new Seq2SeqEvaluator(task);
        List<Seq2SeqExample> train = new ArrayList<>(data.train());
        Random rng = new Random(seed);
        long t0 = System.nanoTime();
        DecodingAccuracy acc;
        for (int epoch = 0; epoch < epochs; epoch++) {
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
        System.out.printf("reversal held-out greedy (seed %d): exact %.3f, char %.3f, total %.1f s%n", seed,
                acc.exactMatch(), acc.characterAccuracy(), (System.nanoTime() - t0) / 1e9);
        assertTrue(acc.exactMatch() >= 0.99, "held-out exact match " + acc);
    }
}
