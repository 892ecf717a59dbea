package dev.carousel.bench.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.tasks.seq2seq.HeldOutSplit;
import dev.carousel.tasks.seq2seq.LearningRateSchedule;
import dev.carousel.tasks.seq2seq.Seq2SeqDataset;
import dev.carousel.tasks.seq2seq.Seq2SeqTrainer;
import dev.carousel.tasks.seq2seq.SequenceReversal;
import dev.carousel.tasks.seq2seq.TrainingReport;
import dev.carousel.tasks.seq2seq.TrainingSettings;
import dev.carousel.tasks.seq2seq.Vocabulary;
import org.junit.jupiter.api.Test;

/**
 * CI-sized learning test (the "at least 99 % exact match on held-out sequences", at CI size): the DJL
 * attention model, trained through DJL's Trainer by the framework-neutral Seq2SeqTrainer, learns sequence reversal
 * (lengths 3-6, 10 symbols) and decodes held-out sequences (never seen in training) exactly, greedy and with beam
 * search (k = 3).
 *
 * <p>The setup is the reference's CI learning test (reference-impl ReversalLearningTest): bidirectional GRU encoder 16
 * per direction, GRU Bahdanau decoder 16, additive attention A = 16, embeddings 8, initial state from the encoder, the
 * reference's seeded initialisation; 4,000 training sequences x 6 epochs (750 updates), batch 32, global-norm
 * clipping 1.0, float32, Adam with the rate decaying geometrically from 1e-2 to 1e-4 over the 750 updates (the
 * LearningRateSchedule of carousel seq2seq); 300 held-out sequences. Chance level is at most 10^-3. Observed (greedy
 * exact match = beam(3) on the 300 held-out sequences): seed 1 (used here) 0.993 (298/300), seed 3 1.000; 16 s
 * at load ~4, 92-101 s at load 11-13 on a shared 2-core VM. With 4 epochs: seeds 1, 2, 3 gave 0.990, 1.000, 1.000 (at the bound, hence
 * 6); with 4 epochs at a constant rate 0.01 (the previous version): 0.990, 1.000, 0.983. Another seed:
 * -Dcarousel.reversal.seed=N.
 */
class DjlReversalLearningTest {

    @Test
    void djlModelLearnsReversalOfHeldOutSequences() {
        SequenceReversal task = new SequenceReversal(3, 6, 10);
        Vocabulary v = task.vocabulary();
        Seq2SeqConfig cfg = new Seq2SeqConfig(v.size(), v.size(), 8, 16, 16, CellType.GRU, CellType.GRU, true,
                DecoderType.BAHDANAU, ScoreType.ADDITIVE, 16, InitMode.FROM_ENCODER, v.bosId(), v.eosId(),
                v.padId());
        long seed = Long.getLong("carousel.reversal.seed", 1L);
        Seq2SeqDataset data = Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 4000, 300, seed);
        long t0 = System.nanoTime();
        try (DjlSeq2SeqLearner learner = new DjlSeq2SeqLearner(cfg, seed, 0.01f, 1.0)) {
            TrainingReport r = new Seq2SeqTrainer(new TrainingSettings(32, 6, 250, 100, 2.0, 3, 1.0, seed,
                    new LearningRateSchedule(1e-2, 1e-4))).train(learner, data);
            System.out.printf("DJL reversal 3-6 (seed %d): greedy %s; beam(3) %s; %d updates, train %.1f s, total"
                    + " %.1f s%n", seed, r.finalGreedy(), r.finalBeam(), r.updates(), r.trainSeconds(),
                    (System.nanoTime() - t0) * 1e-9);
            for (TrainingReport.CurvePoint p : r.curve()) {
                System.out.printf("  after %d updates: train loss %.4f, held-out greedy %s%n", p.update(),
                        p.trainLoss(), p.heldOut());
            }
            assertEquals(750, r.updates());
            assertEquals(300, r.finalGreedy().count());
            assertTrue(r.finalGreedy().exactMatch() >= 0.99, "greedy " + r.finalGreedy());
            assertTrue(r.finalBeam().exactMatch() >= 0.99, "beam " + r.finalBeam());
            TrainingReport.CurvePoint first = r.curve().get(0);
            TrainingReport.CurvePoint last = r.curve().get(r.curve().size() - 1);
            assertTrue(last.trainLoss() < first.trainLoss(), first.trainLoss() + " -> " + last.trainLoss());
        }
    }
}
