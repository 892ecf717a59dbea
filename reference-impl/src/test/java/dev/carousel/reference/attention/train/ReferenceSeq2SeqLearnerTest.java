package dev.carousel.reference.attention.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.carousel.reference.Param;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import dev.carousel.reference.train.Sgd;
import dev.carousel.tasks.seq2seq.DigitAddition;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqExample;
import dev.carousel.tasks.seq2seq.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** trainBatch = mean token loss, its gradient, global-norm clipping, one optimiser step at the rate last set. */
class ReferenceSeq2SeqLearnerTest {

    static AttentionSeq2Seq model(Vocabulary v) {
        AttentionSeq2Seq m = new AttentionSeq2Seq(new Seq2SeqConfig(v.size(), v.size(), 4, 5, 6, CellType.LSTM,
                CellType.GRU, true, DecoderType.LUONG, ScoreType.GENERAL, 3, InitMode.FROM_ENCODER, v.bosId(),
                v.eosId(), v.padId()));
        Seq2SeqInitializer.initialize(m, 4);
        return m;
    }

    static Seq2SeqBatch batch(Vocabulary v) {
        return Seq2SeqBatch.of(List.of(Seq2SeqExample.of(v, "123+45", "168"), Seq2SeqExample.of(v, "9+9", "18"),
                Seq2SeqExample.of(v, "0+7", "7")));
    }

    @Test
    void anSgdStepMovesEachWeightByTheMeanTokenGradient() {
        Vocabulary v = new DigitAddition().vocabulary();
        Seq2SeqBatch b = batch(v);
        for (double maxNorm : new double[] {0.0, 1e-3}) {
            AttentionSeq2Seq expected = model(v);
            expected.params().zeroGrad();
            AttentionSeq2Seq.Forward f = expected.forward(b.source(), b.sourceLengths(), b.target(),
                    b.targetLengths());
            expected.backward(f);
            assertEquals(9, f.tokenCount);
            assertEquals(b.targetTokenCount(), f.tokenCount);
            double sq = 0;
            for (Param p : expected.params()) {
                for (double g : p.grad) {
                    sq += (g / 9) * (g / 9);
                }
            }
            double norm = Math.sqrt(sq);
            double factor = maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1.0;

            AttentionSeq2Seq m = model(v);
            ReferenceSeq2SeqLearner learner = new ReferenceSeq2SeqLearner(m, new Sgd(2.0), maxNorm);
            learner.setLearningRate(0.5);                  // replaces the optimiser's 2.0 (the trainer's schedule)
            double loss = learner.trainBatch(b);
            assertEquals(f.loss / 9, loss, 1e-12);
            assertEquals(norm, learner.lastGradientNorm(), 1e-12);
            for (var e : expected.params().asMap().entrySet()) {
                Param p = e.getValue();
                Param q = m.params().get(e.getKey());
                for (int k = 0; k < p.size(); k++) {
                    assertEquals(p.value[k] - 0.5 * factor * p.grad[k] / 9, q.value[k], 1e-12, e.getKey());
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new ReferenceSeq2SeqLearner(model(v), new Sgd(1), -1));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceSeq2SeqLearner(model(v), new Sgd(1), 1)
                .setLearningRate(0));
    }
}
