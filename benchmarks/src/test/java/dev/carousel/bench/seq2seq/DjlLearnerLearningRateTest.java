package dev.carousel.bench.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.tasks.seq2seq.HeldOutSplit;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqDataset;
import dev.carousel.tasks.seq2seq.SequenceReversal;
import dev.carousel.tasks.seq2seq.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DjlSeq2SeqLearner#setLearningRate} reaches DJL's Adam for every parameter: Adam's first step is linear in
 * the rate (lr sqrt(1 - b2) / (1 - b1) m / (sqrt(v) + eps) with m, v from the same gradient), so two fresh learners on
 * the same batch at rates 1e-3 and 2e-3 move every weight by amounts in ratio 2, of size about the rate.
 */
class DjlLearnerLearningRateTest {

    private static float[] step(double rate, Seq2SeqBatch batch, Seq2SeqConfig cfg) {
        try (DjlSeq2SeqLearner learner = new DjlSeq2SeqLearner(cfg, 7, 0.5f, 1.0)) {
            learner.setLearningRate(rate);
            List<float[]> before = new ArrayList<>();
            for (Parameter p : learner.block().getParameters().values()) {
                before.add(p.getArray().toFloatArray());
            }
            learner.trainBatch(batch);
            List<Float> delta = new ArrayList<>();
            int k = 0;
            for (Parameter p : learner.block().getParameters().values()) {
                float[] after = p.getArray().toFloatArray();
                float[] b = before.get(k++);
                for (int i = 0; i < after.length; i++) {
                    delta.add(after[i] - b[i]);
                }
            }
            float[] out = new float[delta.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = delta.get(i);
            }
            return out;
        }
    }

    @Test
    void setLearningRateScalesTheFirstAdamStepOfEveryParameter() {
        SequenceReversal task = new SequenceReversal(3, 6, 10);
        Vocabulary v = task.vocabulary();
        Seq2SeqConfig cfg = new Seq2SeqConfig(v.size(), v.size(), 8, 16, 16, CellType.GRU, CellType.GRU, true,
                DecoderType.BAHDANAU, ScoreType.ADDITIVE, 16, InitMode.FROM_ENCODER, v.bosId(), v.eosId(), v.padId());
        Seq2SeqBatch batch = Seq2SeqBatch.of(Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 16, 2, 7)
                .train());
        float[] a = step(1e-3, batch, cfg);
        float[] b = step(2e-3, batch, cfg);
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(b[i]));
            maxDiff = Math.max(maxDiff, Math.abs(b[i] - 2 * a[i]));
        }
        // no weight moved by the constructor's rate 0.5; the step is ~ the rate where the gradient is not tiny
        assertTrue(maxAbs > 1e-3 && maxAbs <= 2.001e-3, "largest first step " + maxAbs);
        // float32 weights of size <= ~3 round the difference to ~2.4e-7 absolute
        assertEquals(0.0, maxDiff, 1e-6, "step(2e-3) = 2 step(1e-3), entry by entry");
        try (DjlSeq2SeqLearner learner = new DjlSeq2SeqLearner(cfg, 7, 0.5f, 1.0)) {
            assertThrows(IllegalArgumentException.class, () -> learner.setLearningRate(0));
            assertThrows(IllegalArgumentException.class, () -> learner.setLearningRate(Double.POSITIVE_INFINITY));
        }
    }
}
