package dev.carousel.onnx.dl4j;

import dev.carousel.dl4j.WeightLayout;
import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.onnx.Direction;
import dev.carousel.onnx.OnnxRecurrentExport;
import dev.carousel.onnx.OnnxRecurrentNode;
import dev.carousel.spec.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ONNX to and from Carousel's DL4J layers in one line each (needs {@code dl4j-layers} on the class path; it is an
 * optional dependency of carousel-onnx). The layouts are converted by the neutral part ({@link OnnxRecurrentNode}
 * holds interchange weights); this class only moves them in and out of layer parameters with {@link WeightLayout}.
 *
 * <pre>
 *   OnnxRecurrentNode node = OnnxRecurrentImport.read(Path.of("model.onnx"));
 *   MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
 *       .layer(OnnxDl4j.layer(node, RNNFormat.NWC)) ... .build();
 *   MultiLayerNetwork net = new MultiLayerNetwork(conf); net.init();
 *   OnnxDl4j.setWeights(net.getLayer(0), node);
 *   OnnxDl4j.export(net, 0, Path.of("out.onnx"));
 * </pre>
 *
 * A {@code reverse} node is refused: DL4J has no reversed-layer wrapper for a MultiLayerNetwork.
 */
public final class OnnxDl4j {
    private static final String FWD = "f";
    private static final String BWD = "b";

    private OnnxDl4j() {
    }

    /**
     * The layer configuration of a node: {@link PeepholeLSTM} or {@link GRU}, in a DL4J {@link Bidirectional}
     * (CONCAT) for a bidirectional node.
     *
     * @param format the layer's data format (NCW: [B, I, T], NWC: [B, T, I])
     */
    public static org.deeplearning4j.nn.conf.layers.Layer layer(OnnxRecurrentNode node, RNNFormat format) {
        org.deeplearning4j.nn.conf.layers.Layer inner;
        if (node.lstmSpec() != null) {
            var s = node.lstmSpec();
            inner = new PeepholeLSTM.Builder().nIn(s.inputSize()).nOut(s.hiddenSize()).peepholes(s.peepholes())
                    .forgetGate(s.forgetGate()).coupledInputForget(s.coupledInputForget())
                    .cellActivation(s.cellActivation()).outputActivation(s.outputActivation()).dataFormat(format)
                    .build();
        } else {
            var s = node.gruSpec();
            inner = new GRU.Builder().nIn(s.inputSize()).nOut(s.hiddenSize()).resetAfter(s.resetAfter())
                    .dataFormat(format).build();
        }
        if (node.direction() == Direction.REVERSE) {
            throw new IllegalArgumentException(node.describe() + ": a reverse node has no DL4J MultiLayerNetwork "
                    + "layer; reverse each sequence within its length and use the forward weights node.weights(0)");
        }
        return node.direction() == Direction.BIDIRECTIONAL
                ? new Bidirectional(Bidirectional.Mode.CONCAT, inner) : inner;
    }

    /**
     * Writes the node's weights into an initialised layer built from {@link #layer} (or an equal configuration).
     *
     * @throws IllegalArgumentException when the layer does not match the node (kind, sizes, direction)
     */
    public static void setWeights(Layer layer, OnnxRecurrentNode node) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof Bidirectional bi) {
            if (node.direction() != Direction.BIDIRECTIONAL) {
                throw new IllegalArgumentException(node.describe() + ": the layer is bidirectional, the node is not");
            }
            Map<String, INDArray> table = layer.paramTable();
            importInto(bi.getFwd(), prefixed(table, FWD), node, 0);
            importInto(bi.getBwd(), prefixed(table, BWD), node, 1);
        } else {
            if (node.direction() != Direction.FORWARD) {
                throw new IllegalArgumentException(node.describe() + ": the layer is unidirectional, the node is "
                        + node.direction().key());
            }
            importInto(conf, layer.paramTable(), node, 0);
        }
    }

    private static void importInto(org.deeplearning4j.nn.conf.layers.Layer conf, Map<String, INDArray> params,
                                   OnnxRecurrentNode node, int d) {
        if (conf instanceof PeepholeLSTM l && node.lstmSpec() != null) {
            check(l.toSpec().equals(node.lstmSpec()), node, l.toSpec());
            WeightLayout.importLstm(l, params, node.weights(d));
        } else if (conf instanceof GRU g && node.gruSpec() != null) {
            check(g.toSpec().equals(node.gruSpec()), node, g.toSpec());
            WeightLayout.importGru(g, params, node.weights(d));
        } else {
            throw new IllegalArgumentException(node.describe() + ": expected a Carousel "
                    + (node.lstmSpec() != null ? "PeepholeLSTM" : "GRU") + " layer, got "
                    + conf.getClass().getSimpleName());
        }
    }

    private static void check(boolean ok, OnnxRecurrentNode node, Object layerSpec) {
        if (!ok) {
            throw new IllegalArgumentException(node.describe() + ": the layer computes " + layerSpec + ", the node "
                    + (node.lstmSpec() != null ? node.lstmSpec() : node.gruSpec()));
        }
    }

    /** Exports layer {@code index} of a network (see {@link #export(Layer, Path)}). */
    public static void export(MultiLayerNetwork net, int index, Path file) throws IOException {
        export(net.getLayer(index), file);
    }

    /**
     * Writes a Carousel PeepholeLSTM/GRU layer (or a DL4J Bidirectional of one) as an ONNX model, in the layer's
     * data type (float32 or float64), layout 0, with sequence_lens and initial-state graph inputs.
     *
     * @throws IllegalArgumentException for another layer, or what ONNX cannot express (see OnnxRecurrentExport)
     */
    public static void export(Layer layer, Path file) throws IOException {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        Map<String, INDArray> table = layer.paramTable();
        DType dtype = table.values().iterator().next().dataType() == DataType.DOUBLE ? DType.FLOAT64 : DType.FLOAT32;
        var inputs = java.util.EnumSet.allOf(OnnxRecurrentExport.OptionalInput.class);
        if (conf instanceof Bidirectional bi) {
            if (bi.getMode() != Bidirectional.Mode.CONCAT) {
                throw new IllegalArgumentException("ONNX export: a Bidirectional layer in mode " + bi.getMode()
                        + " has no ONNX equivalent; ONNX's bidirectional Y keeps both directions (CONCAT)");
            }
            org.deeplearning4j.nn.conf.layers.Layer inner = bi.getFwd();
            List<Map<String, double[]>> w = List.of(exportFrom(inner, prefixed(table, FWD)),
                    exportFrom(bi.getBwd(), prefixed(table, BWD)));
            write(file, inner, Direction.BIDIRECTIONAL, w, dtype, inputs);
        } else {
            write(file, conf, Direction.FORWARD, List.of(exportFrom(conf, table)), dtype, inputs);
        }
    }

    private static void write(Path file, org.deeplearning4j.nn.conf.layers.Layer conf, Direction dir,
                              List<Map<String, double[]>> w, DType dtype,
                              java.util.Set<OnnxRecurrentExport.OptionalInput> inputs) throws IOException {
        if (conf instanceof PeepholeLSTM l) {
            OnnxRecurrentExport.write(file, l.toSpec(), dir, w, dtype, 0, inputs);
        } else {
            OnnxRecurrentExport.write(file, ((GRU) conf).toSpec(), dir, w, dtype, 0, inputs);
        }
    }

    private static Map<String, double[]> exportFrom(org.deeplearning4j.nn.conf.layers.Layer conf,
                                                    Map<String, INDArray> params) {
        if (conf instanceof PeepholeLSTM l) {
            return WeightLayout.exportLstm(l, params);
        }
        if (conf instanceof GRU g) {
            return WeightLayout.exportGru(g, params);
        }
        throw new IllegalArgumentException("ONNX export: expected a Carousel PeepholeLSTM or GRU layer, got "
                + conf.getClass().getSimpleName());
    }

    /** The entries of a DL4J Bidirectional parameter table for one direction ("f"/"b" prefix removed). */
    private static Map<String, INDArray> prefixed(Map<String, INDArray> table, String prefix) {
        Map<String, INDArray> out = new HashMap<>();
        for (Map.Entry<String, INDArray> e : table.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }
}
