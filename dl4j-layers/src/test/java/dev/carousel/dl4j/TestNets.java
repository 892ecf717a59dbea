package dev.carousel.dl4j;

import dev.carousel.testing.RandomArrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small test networks and data: a recurrent layer followed by an MSE RnnOutputLayer. */
final class TestNets {
    private TestNets() {
    }

    static RnnOutputLayer output(int nIn, int nOut, RNNFormat f) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(nIn).nOut(nOut).dataFormat(f).build();
    }

    static MultiLayerNetwork mln(Layer rnn, int rnnOut, int nOut, RNNFormat f, DataType dt, IUpdater updater) {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().dataType(dt).seed(12345)
                .updater(updater == null ? new NoOp() : updater).weightInit(new NormalDistribution(0, 0.5)).list()
                .layer(rnn).layer(output(rnnOut, nOut, f)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        return net;
    }

    static ComputationGraph graph(Layer rnn, int nIn, int rnnOut, int nOut, RNNFormat f, DataType dt) {
        ComputationGraphConfiguration c = new NeuralNetConfiguration.Builder().dataType(dt).seed(12345)
                .updater(new NoOp()).weightInit(new NormalDistribution(0, 0.5)).graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(nIn, f)).addLayer("rnn", rnn, "in")
                .addLayer("out", output(rnnOut, nOut, f), "rnn").setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(c);
        g.init();
        return g;
    }

    /** Random input [B, n, T] (NCW) or [B, T, n] (NWC). */
    static INDArray sequence(long seed, int nB, int n, int nT, RNNFormat f, DataType dt) {
        Nd4j.getRandom().setSeed(seed);
        return f == RNNFormat.NCW ? Nd4j.randn(dt, nB, n, nT) : Nd4j.randn(dt, nB, nT, n);
    }

    /** Prefix mask [B, T]: sequence 0 full length, the others random lengths in [1, T]. */
    static INDArray prefixMask(long seed, int nB, int nT, DataType dt) {
        int[] lengths = RandomArrays.lengths(RandomArrays.rng(seed), nB, 1, nT);
        return Nd4j.create(RandomArrays.prefixMask(lengths, nT)).castTo(dt);
    }
}
