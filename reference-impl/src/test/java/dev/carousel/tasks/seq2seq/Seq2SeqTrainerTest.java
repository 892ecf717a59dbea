package dev.carousel.tasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.decoding.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's bookkeeping, with a scripted learner whose accuracy is known at every update. */
class Seq2SeqTrainerTest {

    /**
     * Decodes the reversed source exactly once it has seen {@code learnAfter} updates, and an immediate eos before;
     * its "loss" is 1 / (1 + updates). Records every batch it trains on.
     */
    static class ScriptedLearner implements Seq2SeqLearner<int[]> {
        final int learnAfter;
        final int vocab;
        int updates;
        final List<Seq2SeqBatch> batches = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();

        ScriptedLearner(int learnAfter, int vocab) {
            this.learnAfter = learnAfter;
            this.vocab = vocab;
        }

        @Override
        public double trainBatch(Seq2SeqBatch batch) {
            batches.add(batch);
            return 1.0 / (1 + updates++);
        }

        @Override
        public void setLearningRate(double rate) {
            rates.add(rate);
        }

        @Override
        public int bosId() {
            return Vocabulary.BOS;
        }

        @Override
        public int eosId() {
            return Vocabulary.EOS;
        }

        @Override
        public int targetVocabSize() {
            return vocab;
        }

        /** State: {position, source...}. */
        @Override
        public int[] start(int[] source) {
            int[] s = new int[source.length + 1];
            System.arraycopy(source, 0, s, 1, source.length);
            return s;
        }

        @Override
        public StepResult<int[]> step(int[] state, int prevToken) {
            int pos = state[0];
            int n = state.length - 1;
            int next = updates >= learnAfter && pos < n ? state[n - pos] : Vocabulary.EOS;
            double[] lp = new double[vocab];
            Arrays.fill(lp, Math.log(0.1 / (vocab - 1)));
            lp[next] = Math.log(0.9);
            int[] s = state.clone();
            s[0]++;
            return new StepResult<>(lp, s, new double[n]);
        }
    }

    @Test
    void evaluatesPeriodicallyStopsAtTheTargetAndCountsExamples() {
        Seq2SeqTask task = new SequenceReversal(3, 5, 10);
        Seq2SeqDataset data = Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 100, 40, 1);
        ScriptedLearner learner = new ScriptedLearner(7, task.vocabulary().size());
        TrainingReport r = new Seq2SeqTrainer(new TrainingSettings(16, 10, 3, 20, 0.99, 2, 1.0, 5))
                .train(learner, data);
        // 100 examples / 16 = 7 batches per epoch (the last of 4); evaluations after updates 3, 6, 9: learnt at 9
        assertEquals(3, r.curve().size());
        assertEquals(9, r.updates());
        assertEquals(100 + 2 * 16, r.examplesSeen());
        assertEquals(132, r.examplesToTarget());
        assertEquals(0.0, r.curve().get(0).heldOut().exactMatch(), 0.0);
        assertEquals(20, r.curve().get(0).heldOut().count());
        assertEquals(1.0, r.curve().get(2).heldOut().exactMatch(), 0.0);
        assertEquals(1.32, r.curve().get(2).epoch(), 1e-12);
        assertEquals((1.0 / 7 + 1.0 / 8 + 1.0 / 9) / 3, r.curve().get(2).trainLoss(), 1e-12);
        assertEquals(40, r.finalGreedy().count());
        assertEquals(1.0, r.finalGreedy().exactMatch(), 0.0);
        assertEquals(1.0, r.finalBeam().exactMatch(), 0.0);
        assertEquals(4, learner.batches.get(6).size());
        // every training example once per epoch, none from the test set
        List<String> firstEpoch = new ArrayList<>();
        for (int b = 0; b < 7; b++) {
            for (Seq2SeqExample e : learner.batches.get(b).examples()) {
                firstEpoch.add(e.sourceText());
            }
        }
        List<String> expected = new ArrayList<>();
        data.train().forEach(e -> expected.add(e.sourceText()));
        assertTrue(firstEpoch.containsAll(expected) && firstEpoch.size() == expected.size());
        assertTrue(!firstEpoch.equals(expected), "shuffled");
    }

    @Test
    void runsAllEpochsWhenTheTargetIsNeverReachedAndIsSeeded() {
        Seq2SeqTask task = new SequenceReversal(3, 5, 10);
        Seq2SeqDataset data = Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 50, 10, 2);
        TrainingSettings settings = new TrainingSettings(20, 2, 100, 10, 2.0, 0, 1.0, 9);
        ScriptedLearner a = new ScriptedLearner(1_000, task.vocabulary().size());
        TrainingReport r = new Seq2SeqTrainer(settings).train(a, data);
        assertEquals(6, r.updates());
        assertEquals(1, r.curve().size());                 // only the last update is evaluated
        assertEquals(-1, r.examplesToTarget());
        assertNull(r.finalBeam());
        assertEquals(0.0, r.finalGreedy().exactMatch(), 0.0);
        ScriptedLearner b = new ScriptedLearner(1_000, task.vocabulary().size());
        new Seq2SeqTrainer(settings).train(b, data);
        for (int k = 0; k < 6; k++) {
            assertEquals(a.batches.get(k).examples(), b.batches.get(k).examples());
        }
    }

    @Test
    void divergenceAndBadSettingsGiveClearErrors() {
        Seq2SeqTask task = new SequenceReversal(3, 5, 10);
        Seq2SeqDataset data = Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 50, 10, 2);
        Seq2SeqLearner<int[]> nan = new ScriptedLearner(0, task.vocabulary().size()) {
            @Override
            public double trainBatch(Seq2SeqBatch batch) {
                return Double.NaN;
            }
        };
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> new Seq2SeqTrainer(
                new TrainingSettings(20, 2, 100, 10, 2.0, 0, 1.0, 9)).train(nan, data));
        assertTrue(ex.getMessage().contains("diverged") && ex.getMessage().contains("update 1"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingSettings(0, 2, 1, 1, 1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainingSettings(1, 2, 1, 1, 1, -1, 1, 0));
    }

    @Test
    void setsTheScheduledRateBeforeEveryUpdate() {
        Seq2SeqTask task = new SequenceReversal(3, 5, 10);
        Seq2SeqDataset data = Seq2SeqDataset.generate(task, HeldOutSplit.tenPercent(), 50, 10, 2);
        // 50 examples / 20 = 3 batches per epoch, 2 epochs: U = 6 planned updates, 1e-2 -> 1e-4 geometrically
        LearningRateSchedule schedule = new LearningRateSchedule(1e-2, 1e-4);
        ScriptedLearner a = new ScriptedLearner(1_000, task.vocabulary().size());
        new Seq2SeqTrainer(new TrainingSettings(20, 2, 100, 10, 2.0, 0, 1.0, 9, schedule)).train(a, data);
        assertEquals(6, a.rates.size());
        for (int u = 0; u < 6; u++) {
            assertEquals(1e-2 * Math.pow(1e-2, u / 5.0), a.rates.get(u), 1e-15);   // (1e-4 / 1e-2)^(u / (U - 1))
        }
        assertEquals(1e-2, a.rates.get(0), 0.0);
        assertEquals(1e-4, a.rates.get(5), 1e-18);
        // stopping early leaves the remaining rates unused; no schedule: the rate is never set
        ScriptedLearner b = new ScriptedLearner(1_000, task.vocabulary().size());
        new Seq2SeqTrainer(new TrainingSettings(20, 2, 100, 10, 2.0, 0, 1.0, 9)).train(b, data);
        assertTrue(b.rates.isEmpty());
        assertEquals(3e-3, LearningRateSchedule.constant(3e-3).rate(17, 40), 0.0);
        assertEquals(1e-2, schedule.rate(0, 1), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> schedule.rate(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> schedule.rate(0, 0));
    }
}
