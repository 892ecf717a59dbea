package dev.carousel.bench.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.Param;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import dev.carousel.reference.attention.train.ReferenceSeq2SeqLearner;
import dev.carousel.reference.train.Sgd;
import dev.carousel.tasks.seq2seq.HeldOutSplit;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqDataset;
import dev.carousel.tasks.seq2seq.SequenceReversal;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * One update of the DL4J seq2seq learner against the float64 reference learner on the same weights and batch (the
 * carousel seq2seq model: bi-GRU 32, GRU Bahdanau 32, additive attention; float32 in DL4J). With plain SGD at rate 1
 * the weight change IS minus the applied gradient, so its global L2 norm and direction can be compared without
 * mapping parameter layouts (both models hold the same parameters, so the global norms are over the same numbers).
 */
class Dl4jSeq2SeqLearnerTest {
    private static final long SEED = 3;

    private static Seq2SeqBatch batch() {
        SequenceReversal task = new SequenceReversal(5, 10, 10);
        return Seq2SeqBatch.of(Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 12, 2, SEED).train());
    }

    private static Seq2SeqConfig config() {
        return Seq2SeqBackends.config(new SequenceReversal(5, 10, 10).vocabulary());
    }

    private static ReferenceSeq2SeqLearner reference(double maxNorm) {
        AttentionSeq2Seq model = new AttentionSeq2Seq(config());
        Seq2SeqInitializer.initialize(model, SEED);
        return new ReferenceSeq2SeqLearner(model, new Sgd(1.0), maxNorm);
    }

    /** The weight change of one update of a fresh learner (updater {@code updater}, clipping {@code maxNorm}). */
    private static INDArray step(Dl4jSeq2SeqLearner learner, double[] loss) {
        INDArray before = learner.graph().params().dup();
        loss[0] = learner.trainBatch(batch());
        return learner.graph().params().sub(before);
    }

    @Test
    void usesTheTokenMeanGradientClippedByItsGlobalNorm() {
        Seq2SeqBatch b = batch();
        ReferenceSeq2SeqLearner ref = reference(0);
        double refLoss = ref.trainBatch(b);
        double refNorm = ref.lastGradientNorm();
        long refParams = 0;
        for (Param p : ref.model().params()) {
            refParams += p.size();
        }

        double[] loss = new double[1];
        Dl4jSeq2SeqLearner free = new Dl4jSeq2SeqLearner(config(), SEED, new org.nd4j.linalg.learning.config.Sgd(1.0), 0);
        assertEquals(refParams, free.graph().params().length(), "same parameters in both models (flattened, decoder vertex included)");
        INDArray deltaFree = step(free, loss);
        System.out.printf("mean token loss: reference %.9f, DL4J %.9f; gradient norm: reference %.9f, DL4J %.9f,"
                + " |dw| %.9f%n", refLoss, loss[0], refNorm, free.lastGradientNorm(), deltaFree.norm2Number()
                .doubleValue());
        assertEquals(refLoss, loss[0], 1e-5 * refLoss, "mean token loss");
        assertEquals(refNorm, free.lastGradientNorm(), 1e-4 * refNorm, "norm of the token-mean gradient");
        assertEquals(refNorm, deltaFree.norm2Number().doubleValue(), 1e-4 * refNorm, "SGD(1) moves by the gradient");

        // clipping to a tenth of the norm: the reference's factor, applied to every parameter alike (global norm)
        double maxNorm = 0.1 * refNorm;
        ReferenceSeq2SeqLearner refClipped = reference(maxNorm);
        refClipped.trainBatch(b);
        Dl4jSeq2SeqLearner clipped = new Dl4jSeq2SeqLearner(config(), SEED,
                new org.nd4j.linalg.learning.config.Sgd(1.0), maxNorm);
        INDArray deltaClipped = step(clipped, loss);
        assertEquals(refNorm, clipped.lastGradientNorm(), 1e-4 * refNorm, "norm before clipping");
        assertEquals(maxNorm, deltaClipped.norm2Number().doubleValue(), 1e-4 * maxNorm, "norm after clipping");
        double maxAbs = deltaFree.amaxNumber().doubleValue();
        double diff = deltaClipped.sub(deltaFree.mul(0.1)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * 0.1 * maxAbs, "clipped step = 0.1 x free step, entry by entry: " + diff);

        // a threshold above the norm changes nothing
        Dl4jSeq2SeqLearner loose = new Dl4jSeq2SeqLearner(config(), SEED,
                new org.nd4j.linalg.learning.config.Sgd(1.0), 10 * refNorm);
        assertEquals(0.0, step(loose, loss).sub(deltaFree).amaxNumber().doubleValue(), 1e-7 * maxAbs);
    }

    @Test
    void setLearningRateReachesEveryParameter() {
        // Adam's first step is linear in the rate: doubling the rate doubles every entry of the step
        double[] loss = new double[1];
        Dl4jSeq2SeqLearner a = new Dl4jSeq2SeqLearner(config(), SEED, new Adam(0.5), 1.0);
        a.setLearningRate(1e-3);
        INDArray da = step(a, loss);
        Dl4jSeq2SeqLearner b = new Dl4jSeq2SeqLearner(config(), SEED, new Adam(0.5), 1.0);
        b.setLearningRate(2e-3);
        INDArray db = step(b, loss);
        double maxAbs = db.amaxNumber().doubleValue();
        assertTrue(maxAbs > 1e-3 && maxAbs < 3e-3, "first Adam step ~ the rate, got " + maxAbs);
        assertEquals(0.0, db.sub(da.mul(2)).amaxNumber().doubleValue(), 1e-3 * maxAbs);
        // every parameter moved (the decoder vertex's included): none keeps the constructor's rate of 0.5
        assertTrue(db.amaxNumber().doubleValue() < 0.01);
        assertThrows(IllegalArgumentException.class, () -> a.setLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> a.setLearningRate(Double.NaN));
    }
}
