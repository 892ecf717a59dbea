package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The layers learn the (modern) adding problem at T = 20: channel 0 is U[0,1] noise, channel 1 marks one step in
 * each half; the target is the sum of the two marked values. Predicting the mean gives MSE 1/6. Training stops
 * early once the MSE on a validation set (its own seed) is below 0.005, or after a fixed budget of minibatches; the
 * test then asks for an MSE below 0.01 on a separate test set that took no part in training or stopping.
 */
class AddingProblemTest {
    private static final int T = 20;

    /** A seeded adding-problem minibatch, NCW [B, 2, T], targets [B, 1]. */
    static DataSet batch(Random r, int nB) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, nB, 2, T);
        INDArray y = Nd4j.zeros(DataType.FLOAT, nB, 1);
        for (int b = 0; b < nB; b++) {
            int first = r.nextInt(T / 2);
            int second = T / 2 + r.nextInt(T / 2);
            double sum = 0;
            for (int t = 0; t < T; t++) {
                double v = r.nextDouble();
                x.putScalar(new long[] {b, 0, t}, v);
                if (t == first || t == second) {
                    x.putScalar(new long[] {b, 1, t}, 1.0);
                    sum += v;
                }
            }
            y.putScalar(b, 0, sum);
        }
        return new DataSet(x, y);
    }

    static double mse(MultiLayerNetwork net, DataSet ds) {
        INDArray d = net.output(ds.getFeatures()).sub(ds.getLabels());
        return d.mul(d).meanNumber().doubleValue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PeepholeLSTM", "GRU"})
    void learnsTheAddingProblem(String kind) {
        Layer rnn = kind.equals("GRU") ? new GRU.Builder().nIn(2).nOut(24).build()
                : new PeepholeLSTM.Builder().nIn(2).nOut(24).build();
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new LastTimeStep(rnn))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(24).nOut(1).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        Random r = new Random(7);
        DataSet validation = batch(new Random(98), 1000);
        double validationMse = mse(net, validation);
        int it = 0;
        while (it < 3000 && validationMse >= 0.005) {
            net.fit(batch(r, 64));
            it++;
            if (it % 100 == 0) {
                validationMse = mse(net, validation);
            }
        }
        DataSet test = batch(new Random(99), 1000);
        double mse = mse(net, test);
        System.out.println(kind + ": test MSE " + mse + " (validation " + validationMse + ") after " + it
                + " minibatches (baseline 1/6)");
        assertTrue(mse < 0.01, kind + ": test MSE " + mse + " (validation " + validationMse + ") after " + it
                + " minibatches");
    }
}
