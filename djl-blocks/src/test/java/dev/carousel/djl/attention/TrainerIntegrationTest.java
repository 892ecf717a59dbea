package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The model with DJL's own training loop (Model, DefaultTrainingConfig, Trainer, EasyTrain.trainBatch, Batch with
 * data = [source, sourceLengths] and labels = [target, targetLengths]): output shapes, a falling loss on a fixed
 * padded batch, and no native memory growth (the model manager's array count stays flat over 150 updates).
 */
class TrainerIntegrationTest {
    private static final int B = 6;
    private static final int S = 5;
    private static final int T = 4;

    @Test
    void easyTrainLowersTheLossAndKeepsMemoryFlat() {
        Seq2SeqConfig cfg = new Seq2SeqConfig(9, 9, 6, 8, 8, CellType.PEEPHOLE_LSTM, CellType.GRU, true,
                DecoderType.LUONG, ScoreType.ADDITIVE, 8, InitMode.FROM_ENCODER, 1, 2, 0);
        Seq2SeqCase c = Seq2SeqCase.random(cfg, new Random(3), B, S, T);
        AttentionSeq2SeqBlock block = new AttentionSeq2SeqBlock(cfg);
        try (Model model = Model.newInstance("attention", Device.cpu())) {
            model.setBlock(block);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new TokenCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(B, S), new Shape(B));
                assertArrayEquals(new Shape[] {new Shape(B, T, 9), new Shape(B, T, S)}, block.getOutputShapes(
                        new Shape[] {new Shape(B, S), new Shape(B), new Shape(B, T), new Shape(B)}));
                double first = Double.NaN;
                double last = Double.NaN;
                int after20 = -1;
                for (int it = 0; it < 150; it++) {
                    NDManager sub = trainer.getManager().newSubManager();
                    NDList in = c.inputs(sub);
                    try (Batch batch = new Batch(sub, new NDList(in.get(0), in.get(1)),
                            new NDList(in.get(2), in.get(3)), B, null, null, it, 150)) {
                        EasyTrain.trainBatch(trainer, batch);               // closing the batch closes sub
                        trainer.step();
                    }
                    if (it == 0 || it == 149) {
                        try (NDManager eval = trainer.getManager().newSubManager()) {
                            NDList ev = c.inputs(eval);
                            NDList labels = new NDList(ev.get(2), ev.get(3));
                            NDList out = trainer.forward(new NDList(ev.get(0), ev.get(1)), labels);
                            assertEquals(new Shape(B, T, 9), out.get(0).getShape());
                            assertEquals(new Shape(B, T, S), out.get(1).getShape());
                            double l = trainer.getLoss().evaluate(labels, out).getFloat();
                            if (it == 0) {
                                first = l;
                            } else {
                                last = l;
                            }
                        }
                    }
                    if (it == 19) {
                        after20 = model.getNDManager().getManagedArrays().size();
                    }
                }
                int after150 = model.getNDManager().getManagedArrays().size();
                System.out.printf("EasyTrain: loss %.4f -> %.4f in 150 updates; model manager arrays %d after 20,"
                        + " %d after 150%n", first, last, after20, after150);
                assertTrue(last < 0.2 * first, "loss " + first + " -> " + last);
                assertEquals(after20, after150, "arrays in the model manager");
            }
        }
    }
}
