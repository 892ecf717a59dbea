package dev.carousel.bench.harness;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.carousel.djl.GRU;
import dev.carousel.djl.PeepholeLSTM;
import dev.carousel.reference.OutputUnits;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.PaddedBatch;
import dev.carousel.tasks.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * The minibatch protocol on DJL (PyTorch engine): a Carousel recurrent block (PeepholeLSTM or GRU; for
 * {@code rnn}, a PeepholeLSTM is not a tanh RNN, so {@code rnn} is refused here) taking (x, lengths), a Linear
 * output, and the loss computed under the target mask: sigmoid or identity outputs with mean squared error, or
 * softmax with cross-entropy. float32, Adam; a sub-manager per batch keeps native memory flat.
 */
public final class DjlLearner implements SequenceLearner {
    private final Model model;
    private final Trainer trainer;
    private final OutputUnits units;
    private final int outputs;
    private final String description;

    public DjlLearner(DelayTask task, CellChoice cell, NetworkPlan plan, long seed) {
        int in = task.inputSize();
        int h = plan.hidden();
        LstmSpec lstm = MinibatchPlan.lstmSpec(cell, in, h);
        GruSpec gru = MinibatchPlan.gruSpec(cell, in, h);
        Block recurrent;
        if (lstm != null) {
            recurrent = PeepholeLSTM.builder().fromSpec(lstm).build();
        } else if (gru != null) {
            recurrent = GRU.builder().fromSpec(gru).build();
        } else {
            throw new IllegalArgumentException("--impl djl has no tanh RNN block; use another --cell (lstm1997, "
                    + "peephole, np, nfg, cifg, gru, gru-before) or --impl reference / dl4j for rnn");
        }
        this.units = plan.units();
        this.outputs = task.outputSize();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        SequentialBlock net = new SequentialBlock().add(recurrent)
                .add(new ai.djl.nn.LambdaBlock(y -> new NDList(y.get(0))))    // drop the lengths it passes on
                .add(Linear.builder().setUnits(outputs).build());
        model = Model.newInstance("carousel-" + task.id());
        model.setBlock(net);
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(
                        Tracker.fixed((float) MinibatchPlan.LEARNING_RATE)).build())
                .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()}));
        trainer.initialize(new Shape(MinibatchPlan.BATCH, 2, in), new Shape(MinibatchPlan.BATCH));
        long count = 0;
        for (var p : net.getParameters()) {
            count += p.getValue().getArray().size();
        }
        description = String.format("djl (float32, minibatch %d, Adam %.0e): %s, H=%d, %s outputs, %d weights",
                MinibatchPlan.BATCH, MinibatchPlan.LEARNING_RATE, cell, h, units, count);
    }

    private NDList inputs(NDManager m, PaddedBatch b) {
        NDArray x = create(m, b.inputs());
        NDArray lengths = m.create(b.lengths()).duplicate();
        return new NDList(x, lengths);
    }

    private NDArray activate(NDArray net) {
        switch (units) {
            case LOGISTIC:
                return net.getNDArrayInternal().sigmoid();
            case LINEAR:
                return net;
            default:
                return net.softmax(-1);
        }
    }

    @Override
    public List<double[][]> train(List<Sequence> batch) {
        PaddedBatch b = PaddedBatch.of(batch);
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDList in = inputs(m, b);
            NDArray targets = create(m, b.targets());
            NDArray mask = m.create(toFloat(b.targetMask())).expandDims(2);        // [B, T, 1]
            double[][][] before;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray net = trainer.forward(in).head();
                NDArray y = activate(net);
                before = to3(y);
                NDArray perStep = units == OutputUnits.SOFTMAX
                        ? targets.mul(net.logSoftmax(-1)).sum(new int[] {2}, true).neg()
                        : y.sub(targets).square().mean(new int[] {2}, true);
                NDArray loss = perStep.mul(mask).sum().div(mask.sum().maximum(1f));
                gc.backward(loss);
            }
            trainer.step();
            return MinibatchPlan.unpad(before, b.lengths());
        }
    }

    @Override
    public double[][] predict(Sequence sequence) {
        return predictAll(List.of(sequence)).get(0);
    }

    @Override
    public List<double[][]> predictAll(List<Sequence> sequences) {
        List<double[][]> all = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i += 256) {
            PaddedBatch b = PaddedBatch.of(sequences.subList(i, Math.min(sequences.size(), i + 256)));
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray y = activate(trainer.evaluate(inputs(m, b)).head());
                all.addAll(MinibatchPlan.unpad(to3(y), b.lengths()));
            }
        }
        return all;
    }

    /** A [B][T][K] array as a float32 NDArray. */
    private static NDArray create(NDManager m, double[][][] a) {
        int nb = a.length;
        int nt = a[0].length;
        int nk = a[0][0].length;
        float[] flat = new float[nb * nt * nk];
        int k = 0;
        for (double[][] mat : a) {
            for (double[] v : mat) {
                for (double d : v) {
                    flat[k++] = (float) d;
                }
            }
        }
        try (NDArray borrowed = m.create(flat, new Shape(nb, nt, nk))) {
            return borrowed.duplicate();        // engine-owned: autograd may keep it past a GC (djl-blocks OwnedArrays)
        }
    }

    private static float[][] toFloat(double[][] a) {
        float[][] f = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            f[i] = new float[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                f[i][j] = (float) a[i][j];
            }
        }
        return f;
    }

    private static double[][][] to3(NDArray a) {
        long[] s = a.getShape().getShape();
        float[] flat = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]];
        int k = 0;
        for (double[][] m : out) {
            for (double[] v : m) {
                for (int j = 0; j < v.length; j++) {
                    v[j] = flat[k++];
                }
            }
        }
        return out;
    }

    @Override
    public int batchSize() {
        return MinibatchPlan.BATCH;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
