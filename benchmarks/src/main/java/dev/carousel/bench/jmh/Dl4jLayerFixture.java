package dev.carousel.bench.jmh;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The recurrent layers the JMH benchmarks compare, float32, NCW: Carousel's PeepholeLSTM (peepholes on) and GRU
 * (reset-after and reset-before), DL4J's LSTM and GravesLSTM (tanh). Each sits in a two-layer MultiLayerNetwork
 * (recurrent layer + RnnOutputLayer, MSE, SGD) so that both layer-level and network-level timings are possible.
 */
final class Dl4jLayerFixture {
    final MultiLayerNetwork net;
    final Layer layer;
    final INDArray x;
    final INDArray eps;
    final INDArray labels;
    final LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
    /** One time step of the input, [B, I], for streaming inference. */
    final INDArray xStep;

    Dl4jLayerFixture(String kind, int nB, int nT, int nI, int nH) {
        org.deeplearning4j.nn.conf.layers.Layer conf;
        switch (kind) {
            case "carouselPeepholeLSTM":
                conf = new PeepholeLSTM.Builder().nIn(nI).nOut(nH).build();
                break;
            case "carouselGRU_resetAfter":
                conf = new GRU.Builder().nIn(nI).nOut(nH).resetAfter(true).build();
                break;
            case "carouselGRU_resetBefore":
                conf = new GRU.Builder().nIn(nI).nOut(nH).resetAfter(false).build();
                break;
            case "dl4jLSTM":
                conf = new LSTM.Builder().nIn(nI).nOut(nH).activation(Activation.TANH).build();
                break;
            case "dl4jGravesLSTM":
                conf = new GravesLSTM.Builder().nIn(nI).nOut(nH).activation(Activation.TANH).build();
                break;
            default:
                throw new IllegalArgumentException("unknown layer kind " + kind);
        }
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Sgd(1e-3)).weightInit(WeightInit.XAVIER).list().layer(conf)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(nH).nOut(1).dataFormat(RNNFormat.NCW).build())
                .build();
        net = new MultiLayerNetwork(c);
        net.init();
        net.initGradientsView();
        layer = net.getLayer(0);
        Nd4j.getRandom().setSeed(2);
        x = Nd4j.rand(DataType.FLOAT, nB, nI, nT);
        eps = Nd4j.rand(DataType.FLOAT, nB, nH, nT);
        labels = Nd4j.rand(DataType.FLOAT, nB, 1, nT);
        xStep = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)).dup('c');
        if (layer instanceof dev.carousel.dl4j.layers.CarouselRecurrentLayer) {
            System.out.println("carousel.dl4j threads for " + kind + " B=" + nB + " T=" + nT + " H=" + nH + ": "
                    + threadChoice(nB, nT, nH, conf));
        }
    }

    /** The row-block count the Carousel layer uses at this shape, and why (recorded in the benchmark's log). */
    static String threadChoice(int nB, int nT, int nH, org.deeplearning4j.nn.conf.layers.Layer conf) {
        int width = conf instanceof GRU ? 3 * nH : 4 * nH;
        String prop = System.getProperty(dev.carousel.dl4j.host.HostThreads.PROPERTY, "auto");
        return dev.carousel.dl4j.host.HostThreads.blocks(nB, nT, nH, width) + " training, "
                + dev.carousel.dl4j.host.HostThreads.blocks(nB, nT, nH, width, false) + " inference (-D"
                + dev.carousel.dl4j.host.HostThreads.PROPERTY + "=" + prop + ", "
                + Runtime.getRuntime().availableProcessors() + " processors, OpenBLAS threads "
                + org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads() + "); streaming (T=1): "
                + dev.carousel.dl4j.host.HostThreads.blocks(nB, 1, nH, width, false);
    }

    /**
     * Streaming inference: one {@code rnnTimeStep} of one time step [B, I] from the stored state (which each call
     * advances), the way a model serves a stream.
     */
    INDArray streamingStep() {
        return ((org.deeplearning4j.nn.api.layers.RecurrentLayer) layer).rnnTimeStep(xStep, noWs);
    }

    /** Layer-level training step: forward (training) and backpropagation of a fixed dL/dy, no workspaces. */
    Object layerTrainingStep() {
        layer.activate(x, true, noWs);
        return layer.backpropGradient(eps, noWs);
    }

    /** Layer-level inference: one forward pass over the whole sequence, no workspaces. */
    INDArray layerInference() {
        return layer.activate(x, false, noWs);
    }

    /** Network-level training step: MultiLayerNetwork.fit (workspaces enabled, the DL4J default). */
    void networkFit() {
        net.fit(x, labels);
    }

    /** Network-level inference: MultiLayerNetwork.output (workspaces enabled). */
    INDArray networkOutput() {
        return net.output(x);
    }
}
