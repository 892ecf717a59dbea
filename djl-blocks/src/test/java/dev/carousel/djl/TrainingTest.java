package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The blocks inside SequentialBlock with Trainer and EasyTrain: output shapes, a falling loss, and no native memory
 * growth over 1000 training iterations (the model manager's array count stays flat).
 */
class TrainingTest {
    private static final int B = 8;
    private static final int T = 10;
    private static final int I = 3;

    private static Block network() {
        return network(T);
    }

    private static Block network(int time) {
        return new SequentialBlock()
                .add(RecurrentStack.builder()
                        .add(Bidirectional.builder().setLayerFactory(() -> GRU.builder().setStateSize(6)
                                .optResetAfter(false).build()).build())
                        .add(PeepholeLSTM.builder().setStateSize(8).build())
                        .build())
                .add(list -> new NDList(list.head().get(":, -1, :")))
                .add(Linear.builder().setUnits(1).build());
    }

    @Test
    void easyTrainFitInSequentialBlock() throws IOException, TranslateException {
        try (Model model = Model.newInstance("fit")) {
            model.setBlock(network());
            DefaultTrainingConfig config = new DefaultTrainingConfig(new MeanSquaredError())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(B, T, I));
                Shape[] out = model.getBlock().getOutputShapes(new Shape[] {new Shape(B, T, I)});
                assertArrayEquals(new Shape[] {new Shape(B, 1)}, out);
                NDManager m = trainer.getManager();
                NDArray x = m.randomUniform(0, 1, new Shape(64, T, I));
                NDArray y = x.get(":, :, 0").sum(new int[] {1}).reshape(64, 1).div(T);
                ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(B, false).build();
                float first = loss(trainer, x, y);
                EasyTrain.fit(trainer, 15, data, null);
                float last = loss(trainer, x, y);
                assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
            }
        }
    }

    @Test
    void thousandIterationsKeepTheArrayCountFlat() {
        int time = 4;
        try (Model model = Model.newInstance("leak")) {
            model.setBlock(network(time));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new MeanSquaredError())
                    .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(B, time, I), new Shape(B));
                int after10 = -1;
                for (int it = 0; it < 1000; it++) {
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray x = sub.randomUniform(0, 1, new Shape(B, time, I));
                        NDArray lengths = sub.create(new int[] {time, 3, 2, time, 1, 0, 3, time});
                        NDArray y = sub.randomUniform(0, 1, new Shape(B, 1));
                        try (Batch batch = new Batch(sub, new NDList(x, lengths), new NDList(y), B, null, null, it,
                                1000)) {
                            EasyTrain.trainBatch(trainer, batch);
                            trainer.step();
                        }
                    }
                    if (it == 9) {
                        after10 = count(model);
                    }
                }
                int after1000 = count(model);
                System.out.printf("model manager arrays: %d after 10 iterations, %d after 1000%n", after10,
                        after1000);
                assertEquals(after10, after1000, "arrays in the model manager");
            }
        }
    }

    private static float loss(Trainer trainer, NDArray x, NDArray y) {
        NDArray pred = trainer.evaluate(new NDList(x)).singletonOrThrow();
        return pred.sub(y).square().mean().getFloat();
    }

    private static int count(Model model) {
        return model.getNDManager().getManagedArrays().size();
    }
}
