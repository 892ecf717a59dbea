package dev.carousel.bench.harness;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.reference.OutputUnits;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.PaddedBatch;
import dev.carousel.tasks.Sequence;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The minibatch protocol on DL4J: a MultiLayerNetwork of one Carousel recurrent layer (PeepholeLSTM or GRU; DL4J's
 * SimpleRnn for {@code rnn}) and an RnnOutputLayer (sigmoid + MSE, identity + MSE, or softmax + cross-entropy),
 * NWC, float32, feature and label masks from the padded batch, Adam.
 */
public final class Dl4jLearner implements SequenceLearner {
    private final MultiLayerNetwork net;
    private final String description;

    public Dl4jLearner(DelayTask task, CellChoice cell, NetworkPlan plan, long seed) {
        int in = task.inputSize();
        int h = plan.hidden();
        BaseRecurrentLayer recurrent;
        LstmSpec lstm = MinibatchPlan.lstmSpec(cell, in, h);
        GruSpec gru = MinibatchPlan.gruSpec(cell, in, h);
        if (lstm != null) {
            recurrent = new PeepholeLSTM.Builder().nIn(in).nOut(h).peepholes(lstm.peepholes())
                    .forgetGate(lstm.forgetGate()).coupledInputForget(lstm.coupledInputForget())
                    .cellActivation(lstm.cellActivation()).outputActivation(lstm.outputActivation())
                    .dataFormat(RNNFormat.NWC).build();
        } else if (gru != null) {
            recurrent = new GRU.Builder().nIn(in).nOut(h).resetAfter(gru.resetAfter()).dataFormat(RNNFormat.NWC)
                    .build();
        } else {
            recurrent = new SimpleRnn.Builder().nIn(in).nOut(h).activation(Activation.TANH)
                    .dataFormat(RNNFormat.NWC).build();
        }
        OutputUnits units = plan.units();
        RnnOutputLayer output = new RnnOutputLayer.Builder(units == OutputUnits.SOFTMAX
                ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .activation(units == OutputUnits.SOFTMAX ? Activation.SOFTMAX
                        : units == OutputUnits.LINEAR ? Activation.IDENTITY : Activation.SIGMOID)
                .nIn(h).nOut(task.outputSize()).dataFormat(RNNFormat.NWC).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new Adam(MinibatchPlan.LEARNING_RATE)).list()
                .layer(recurrent).layer(output).build();
        net = new MultiLayerNetwork(conf);
        net.init();
        description = String.format("dl4j (float32, minibatch %d, Adam %.0e): %s, H=%d, %s outputs, %d weights",
                MinibatchPlan.BATCH, MinibatchPlan.LEARNING_RATE, cell, h, units, net.numParams());
    }

    private static DataSet dataSet(PaddedBatch b) {
        INDArray x = Nd4j.createFromArray(b.inputs()).castTo(DataType.FLOAT);
        INDArray y = Nd4j.createFromArray(b.targets()).castTo(DataType.FLOAT);
        INDArray fm = Nd4j.createFromArray(b.inputMask()).castTo(DataType.FLOAT);
        INDArray lm = Nd4j.createFromArray(b.targetMask()).castTo(DataType.FLOAT);
        return new DataSet(x, y, fm, lm);
    }

    private static double[][][] to3(INDArray a) {
        long[] s = a.shape();
        double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
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
    public List<double[][]> train(List<Sequence> batch) {
        PaddedBatch b = PaddedBatch.of(batch);
        DataSet ds = dataSet(b);
        INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        List<double[][]> result = MinibatchPlan.unpad(to3(out), b.lengths());
        net.fit(ds);
        return result;
    }

    @Override
    public double[][] predict(Sequence sequence) {
        return predictAll(List.of(sequence)).get(0);
    }

    @Override
    public List<double[][]> predictAll(List<Sequence> sequences) {
        List<double[][]> all = new java.util.ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i += 256) {
            PaddedBatch b = PaddedBatch.of(sequences.subList(i, Math.min(sequences.size(), i + 256)));
            DataSet ds = dataSet(b);
            INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            all.addAll(MinibatchPlan.unpad(to3(out), b.lengths()));
        }
        return all;
    }

    @Override
    public int batchSize() {
        return MinibatchPlan.BATCH;
    }

    @Override
    public String describe() {
        return description;
    }
}
