package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.spec.Activation;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** JSON and YAML configuration round trips, and ModelSerializer save/restore giving identical outputs. */
class SerializationTest {

    static PeepholeLSTM oddLstm() {
        return new PeepholeLSTM.Builder().nIn(3).nOut(5).peepholes(false).forgetGate(true).coupledInputForget(true)
                .cellActivation(Activation.SQUASH_G1997).outputActivation(Activation.SQUASH_H1997)
                .forgetGateBiasInit(2.5).checkInput(false).weightInit(WeightInit.XAVIER)
                .weightInitRecurrent(WeightInit.LECUN_NORMAL).dataFormat(RNNFormat.NWC).build();
    }

    static MultiLayerConfiguration mlnConf() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(oddLstm())
                .layer(new GRU.Builder().nIn(5).nOut(4).resetAfter(false).dataFormat(RNNFormat.NWC).build())
                .layer(new Bidirectional(new PeepholeLSTM.Builder().nIn(4).nOut(3).dataFormat(RNNFormat.NWC).build()))
                .layer(TestNets.output(6, 2, RNNFormat.NWC)).build();
    }

    /**
     * A configuration saved before the input check became a default (it carries "checkInputForNaN" : false and no
     * "checkInput") still loads, and its layers check their input.
     */
    @Test
    void configurationSavedWithTheOldNanFlagLoadsAndChecks() {
        String json = mlnConf().toJson();
        assertTrue(json.contains("\"checkInput\" : false") && !json.contains("checkInputForNaN"), json);
        String legacy = json.replaceAll("\"checkInput\" : (true|false)", "\"checkInputForNaN\" : false");
        assertTrue(!legacy.contains("\"checkInput\"") && legacy.contains("\"checkInputForNaN\" : false"), legacy);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(legacy);
        assertTrue(((PeepholeLSTM) back.getConf(0).getLayer()).isCheckInput());
        assertTrue(((GRU) back.getConf(1).getLayer()).isCheckInput());
        assertTrue(((PeepholeLSTM) MultiLayerConfiguration.fromJson(legacy.replace("\"checkInputForNaN\" : false",
                "\"checkInputForNaN\" : true")).getConf(0).getLayer()).isCheckInput());
    }

    @Test
    void configurationJsonAndYamlRoundTrip() {
        MultiLayerConfiguration c = mlnConf();
        String json = c.toJson();
        assertTrue(json.contains("dev.carousel.dl4j.conf.PeepholeLSTM") && json.contains("squash_g1997".toUpperCase()),
                json);
        assertEquals(c, MultiLayerConfiguration.fromJson(json));
        assertEquals(c, MultiLayerConfiguration.fromYaml(c.toYaml()));
        PeepholeLSTM back = (PeepholeLSTM) MultiLayerConfiguration.fromJson(json).getConf(0).getLayer();
        assertEquals(Activation.SQUASH_G1997, back.getCellActivation());
        assertEquals(2.5, back.getForgetGateBiasInit());
        assertTrue(back.isCoupledInputForget() && !back.isPeepholes() && !back.isCheckInput());
        assertTrue(oddLstm().getMemoryReport(InputType.recurrent(3, 7, RNNFormat.NWC)).getTotalMemoryBytes(2,
                org.deeplearning4j.nn.conf.memory.MemoryUseMode.TRAINING, org.deeplearning4j.nn.conf.CacheMode.NONE,
                DataType.FLOAT) > 0);
        ComputationGraphConfiguration g = graphConf();
        assertEquals(g, ComputationGraphConfiguration.fromJson(g.toJson()));
        assertEquals(g, ComputationGraphConfiguration.fromYaml(g.toYaml()));
    }

    static ComputationGraphConfiguration graphConf() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(3, RNNFormat.NCW))
                .addLayer("gru", new GRU.Builder().nOut(4).resetAfter(true).build(), "in")
                .addLayer("lstm", new PeepholeLSTM.Builder().nOut(4).build(), "gru")
                .addLayer("out", TestNets.output(4, 2, RNNFormat.NCW), "lstm").setOutputs("out").build();
    }

    @Test
    void modelSerializerRestoresIdenticalOutputs(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(mlnConf());
        net.init();
        INDArray x = TestNets.sequence(1, 4, 3, 7, RNNFormat.NWC, DataType.FLOAT);
        INDArray y = TestNets.sequence(2, 4, 2, 7, RNNFormat.NWC, DataType.FLOAT);
        net.fit(x, y);
        File f = dir.resolve("mln.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertEquals(net.params(), back.params());
        assertEquals(net.output(x), back.output(x));
        net.fit(x, y);
        back.fit(x, y);                                   // the updater state came back too
        assertEquals(net.params(), back.params());

        ComputationGraph g = new ComputationGraph(graphConf());
        g.init();
        INDArray xg = TestNets.sequence(3, 4, 3, 6, RNNFormat.NCW, DataType.FLOAT);
        INDArray yg = TestNets.sequence(4, 4, 2, 6, RNNFormat.NCW, DataType.FLOAT);
        g.fit(new INDArray[] {xg}, new INDArray[] {yg});
        File fg = dir.resolve("cg.zip").toFile();
        ModelSerializer.writeModel(g, fg, true);
        ComputationGraph gBack = ModelSerializer.restoreComputationGraph(fg, true);
        assertEquals(g.outputSingle(xg), gBack.outputSingle(xg));
    }
}
