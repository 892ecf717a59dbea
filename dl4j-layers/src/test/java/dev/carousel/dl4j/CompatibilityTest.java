package dev.carousel.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carousel.dl4j.attention.AttentionSeq2SeqGraph;
import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.testing.Comparisons;
import java.io.IOException;
import java.io.InputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Saved-model compatibility: networks written with {@code ModelSerializer.writeModel} by an earlier version of
 * Carousel load with the current code and give the outputs that version computed (float32; relative error at most
 * 1e-6 by {@link dev.carousel.spec.RelativeError}, and in fact bit-identical).
 *
 * <p>The files in {@code src/test/resources/compat/} were written by commit {@code 7a7d9eb} (the last commit before
 * the restructure into carousel-spec / carousel-tasks / verify / test-support, when dl4j-layers still depended on
 * reference-impl for {@code Seq2SeqConfig}), by a throwaway JUnit test run in a detached worktree of that commit with
 * {@code ./mvnw -o -q -B -pl dl4j-layers -am test -Dtest=CompatWriterTest}; nothing of it was committed. It built,
 * with {@code updater NoOp}, data type FLOAT, and all parameters then overwritten by {@code net.setParams} with
 * values {@code (float) (u - 0.5)}, u the successive {@code new java.util.Random(seed).nextDouble()}:
 * <ul>
 *   <li>{@code mln-peephole-gru.zip}: a MultiLayerNetwork, NCW, {@code PeepholeLSTM(nIn 3, nOut 4, peepholes)}
 *   -&gt; {@code GRU(nIn 4, nOut 3, resetAfter)} -&gt; {@code RnnOutputLayer(MSE, identity, nIn 3, nOut 2)};
 *   parameter seed 1997; input [2, 3, 5] = {@code 2 u - 1} from {@code new Random(5)}, c order;</li>
 *   <li>{@code cg-attention-seq2seq.zip}: {@code AttentionSeq2SeqGraph.build} of the Seq2SeqConfig (V_src 7,
 *   V_tgt 6, M 3, H_enc 3, H_dec 4, PEEPHOLE_LSTM encoder, bidirectional, GRU decoder, BAHDANAU, ADDITIVE, A 3,
 *   FROM_ENCODER, bos 1, eos 2, pad 0), graph seed 11, parameter seed 2014; the input is
 *   {@code Seq2SeqArrays.batch} of sources {{3,5,6,4,3},{6,4,5,0,0}} (lengths 5, 3) and targets {{4,3,5,2},{5,2,0,0}}
 *   (lengths 4, 2), and the output {@code graph.output(false, features, featureMasks, labelMasks)}.</li>
 * </ul>
 * Each {@code .json} holds the input arrays and the output ({@code shape}, c-order {@code data}, each float written
 * with 10 significant digits, so that it reads back as the same float). The zips were written without updater state.
 */
class CompatibilityTest {
    private static final double TOLERANCE = 1e-6;

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = CompatibilityTest.class.getResourceAsStream("/compat/" + name)) {
            if (in == null) {
                throw new IOException("test resource /compat/" + name + " is missing");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    /** A {"shape": [...], "data": [...]} entry as a float32 INDArray (c order). */
    private static INDArray array(JsonNode node) {
        long[] shape = new long[node.get("shape").size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = node.get("shape").get(k).asLong();
        }
        float[] data = new float[node.get("data").size()];
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) node.get("data").get(k).asDouble();
        }
        return Nd4j.createFromArray(data).reshape('c', shape);
    }

    private static double[] doubles(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static void assertOutput(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(DataType.FLOAT, actual.dataType(), what + ": data type");
        Comparisons.assertRelativeError(doubles(actual), doubles(expected), TOLERANCE, what);
    }

    @Test
    void multiLayerNetworkWithPeepholeLstmAndGruSavedBeforeTheRestructureLoads() throws Exception {
        MultiLayerNetwork net;
        try (InputStream in = CompatibilityTest.class.getResourceAsStream("/compat/mln-peephole-gru.zip")) {
            net = ModelSerializer.restoreMultiLayerNetwork(in, false);
        }
        assertEquals(PeepholeLSTM.class, net.getLayerWiseConfigurations().getConf(0).getLayer().getClass());
        PeepholeLSTM lstm = (PeepholeLSTM) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(true, lstm.isPeepholes(), "peepholes");
        GRU gru = (GRU) net.getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(true, gru.isResetAfter(), "reset-after");
        JsonNode stored = json("mln-peephole-gru.json");
        INDArray input = array(stored.get("input"));
        assertArrayEquals(new long[] {2, 3, 5}, input.shape());
        assertOutput(array(stored.get("output")), net.output(input), "MultiLayerNetwork output");
    }

    @Test
    void attentionSeq2SeqGraphSavedBeforeTheRestructureLoads() throws Exception {
        ComputationGraph g;
        try (InputStream in = CompatibilityTest.class.getResourceAsStream("/compat/cg-attention-seq2seq.zip")) {
            g = ModelSerializer.restoreComputationGraph(in, false);
        }
        assertEquals(AttentionSeq2SeqGraph.decoder(g).getClass().getSimpleName(), "AttentionDecoderVertexImpl");
        JsonNode stored = json("cg-attention-seq2seq.json");
        INDArray targetMask = array(stored.get("target_mask"));
        INDArray[] out = g.output(false, new INDArray[] {array(stored.get("source")),
                array(stored.get("decoder_input"))}, new INDArray[] {array(stored.get("source_mask")), targetMask},
                new INDArray[] {targetMask});
        assertOutput(array(stored.get("output")), out[0], "ComputationGraph output (softmax over V_tgt)");
    }
}
