package dev.carousel.onnx.dl4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.Direction;
import dev.carousel.onnx.FrameworkCases;
import dev.carousel.onnx.FrameworkCases.Case;
import dev.carousel.onnx.OnnxRecurrentImport;
import dev.carousel.spec.DType;
import dev.carousel.spec.RelativeError;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * ONNX → DL4J through {@link OnnxDl4j} (layer, setWeights) against the float64 reference, and DL4J → ONNX
 * ({@link OnnxDl4j#export}) → ONNX Runtime against the same reference, float32, with variable lengths.
 */
class OnnxDl4jTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of("lstm-peephole", "lstm-vanilla", "gru-reset-after", "gru-reset-before")
                .flatMap(v -> Stream.of(Arguments.of(v, Direction.FORWARD), Arguments.of(v, Direction.BIDIRECTIONAL)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void importRunExport(String variant, Direction d) throws Exception {
        Case c = FrameworkCases.make(dir, variant, d, variant.hashCode() + 17L * d.ordinal());
        int nD = d.count();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new NoOp()).list().layer(OnnxDl4j.layer(c.node(), RNNFormat.NWC)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        OnnxDl4j.setWeights(net.getLayer(0), c.node());
        INDArray x = Nd4j.createFromArray(c.x()).castTo(DataType.FLOAT);
        double[][] m = new double[FrameworkCases.B][FrameworkCases.T];
        for (int b = 0; b < m.length; b++) {
            java.util.Arrays.fill(m[b], 0, FrameworkCases.LENS[b], 1.0);
        }
        INDArray mask = Nd4j.createFromArray(m).castTo(DataType.FLOAT);
        double[] y = net.output(x, false, mask, null).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double tol = DType.FLOAT32.tolerance(FrameworkCases.T);
        double e = RelativeError.of(y, c.reference().y());
        System.out.println("dl4j " + variant + " " + d.key() + ": Y vs reference " + e);
        assertTrue(e <= tol, variant + " " + d + ": DL4J Y vs reference " + e);

        Path out = dir.resolve("dl4j-export.onnx");
        OnnxDl4j.export(net, 0, out);
        Map<String, double[]> ort = FrameworkCases.ort(out, c.x(), nD, variant.startsWith("lstm"));
        double eo = RelativeError.of(FrameworkCases.yToBatchFirst(ort.get("Y"), nD), c.reference().y());
        double eh = RelativeError.of(FrameworkCases.stateToBatchFirst(ort.get("Y_h"), nD), c.reference().yH());
        System.out.println("dl4j export " + variant + " " + d.key() + " in ONNX Runtime: Y " + eo + ", Y_h " + eh);
        assertTrue(eo <= tol && eh <= tol, variant + " " + d + ": exported DL4J layer in ORT: Y " + eo + " Y_h " + eh);
        // the export reads back as the same kind of node
        assertTrue(OnnxRecurrentImport.read(out).direction() == d);
    }

    @Test
    void reverseNodesAndMismatchedLayersAreRefused() throws Exception {
        Case rev = FrameworkCases.make(dir, "gru-reset-after", Direction.REVERSE, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxDl4j.layer(rev.node(), RNNFormat.NWC));
        assertTrue(e.getMessage().contains("reverse"), e.getMessage());
        Case fwd = FrameworkCases.make(dir, "lstm-peephole", Direction.FORWARD, 4);
        Case gru = FrameworkCases.make(dir, "gru-reset-after", Direction.FORWARD, 5);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(OnnxDl4j.layer(gru.node(), RNNFormat.NWC)).build());
        net.init();
        e = assertThrows(IllegalArgumentException.class, () -> OnnxDl4j.setWeights(net.getLayer(0), fwd.node()));
        assertTrue(e.getMessage().contains("PeepholeLSTM"), e.getMessage());
    }
}
