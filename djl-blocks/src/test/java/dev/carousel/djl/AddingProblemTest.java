package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A small learning test: the modern adding problem at T = 20. Channel 0 is U[0, 1], channel 1 marks one step in
 * each half; the target is the sum of the two marked values. Predicting the mean (1) gives MSE Var = 2/12 = 1/6;
 * the peephole LSTM must get well below that (MSE &lt; 0.01 on held-out sequences).
 */
class AddingProblemTest {
    private static final int T = 20;
    private static final int BATCH = 32;

    /** A seeded batch: x [n, T, 2] and y [n, 1]. */
    private static NDList batch(NDManager m, Random r, int n) {
        float[] x = new float[n * T * 2];
        float[] y = new float[n];
        for (int b = 0; b < n; b++) {
            int first = r.nextInt(T / 2);
            int second = T / 2 + r.nextInt(T / 2);
            for (int t = 0; t < T; t++) {
                float v = r.nextFloat();
                x[(b * T + t) * 2] = v;
                if (t == first || t == second) {
                    x[(b * T + t) * 2 + 1] = 1f;
                    y[b] += v;
                }
            }
        }
        return new NDList(m.create(x, new Shape(n, T, 2)), m.create(y, new Shape(n, 1)));
    }

    @Test
    void peepholeLstmLearnsToAdd() {
        Random r = new Random(61);
        SequentialBlock net = new SequentialBlock()
                .add(PeepholeLSTM.builder().setStateSize(32).build())
                .add(list -> new NDList(list.head().get(":, -1, :")))
                .add(Linear.builder().setUnits(1).build());
        try (Model model = Model.newInstance("adding")) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new MeanSquaredError())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, T, 2));
                NDList validation = batch(trainer.getManager(), r, 256);
                NDList test = batch(trainer.getManager(), r, 1000);
                double baseline = mse(test.get(1).sub(1f));
                long start = System.nanoTime();
                int steps = 0;
                double validationMse = Double.MAX_VALUE;
                while (steps < 3000 && validationMse > 0.003) {
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDList d = batch(sub, r, BATCH);
                        try (Batch b = new Batch(sub, new NDList(d.get(0)), new NDList(d.get(1)), BATCH, null, null,
                                steps, 3000)) {
                            EasyTrain.trainBatch(trainer, b);
                            trainer.step();
                        }
                    }
                    steps++;
                    if (steps % 100 == 0) {
                        validationMse = mse(trainer.evaluate(new NDList(validation.get(0))).head()
                                .sub(validation.get(1)));
                    }
                }
                double testMse = mse(trainer.evaluate(new NDList(test.get(0))).head().sub(test.get(1)));
                System.out.printf("adding problem T=%d: baseline MSE %.4f, test MSE %.5f after %d steps, %.1f s%n",
                        T, baseline, testMse, steps, (System.nanoTime() - start) / 1e9);
                assertTrue(baseline > 0.12 && baseline < 0.22, "baseline " + baseline);
                assertTrue(testMse < 0.01, "test MSE " + testMse + " (baseline " + baseline + ")");
            }
        }
    }

    private static double mse(NDArray diff) {
        return diff.square().mean().getFloat();
    }
}
