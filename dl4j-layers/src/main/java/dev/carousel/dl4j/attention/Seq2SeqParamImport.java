package dev.carousel.dl4j.attention;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.carousel.dl4j.WeightLayout;
import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves parameters between the interchange layout of {@link Seq2SeqParameters} (names and shapes shared with the
 * reference model, the DJL block and the test vectors) and a graph built by {@link AttentionSeq2SeqGraph}:
 * {@link #importParams} copies every parameter into the graph, {@link #gradients} reads the graph's parameter
 * gradients back under the interchange names (flat row-major).
 *
 * <p>Mapping: embeddings as is ([V, M]); the encoder through {@link WeightLayout} (fwd / bwd halves of DL4J's
 * Bidirectional); the decoder vertex's matrices are the transposes of the reference's (see
 * {@link AttentionDecoderParams}); an LSTM decoder keeps b = b_ih + b_hh, so both reference bias gradients equal db;
 * the output layer's W [O, V] = w_out^T.
 */
public final class Seq2SeqParamImport {
    private Seq2SeqParamImport() {
    }

    /**
     * Copies every parameter (interchange names and layout, {@link Seq2SeqParameters#shapes}) into the graph.
     *
     * @throws IllegalArgumentException when a parameter is missing, unexpected or of the wrong size
     */
    public static void importParams(ComputationGraph g, Seq2SeqConfig cfg, Map<String, double[]> values) {
        Seq2SeqParameters.check(cfg, values);
        Map<String, int[]> shapes = Seq2SeqParameters.shapes(cfg);
        Map<String, Param> ref = new LinkedHashMap<>();
        values.forEach((name, v) -> ref.put(name, new Param(v, shapes.get(name))));
        assignCast(g.getLayer(AttentionSeq2SeqGraph.SRC_EMBEDDING).getParam("W"), matrix(ref.get("src_embedding"), false));
        assignCast(g.getLayer(AttentionSeq2SeqGraph.TGT_EMBEDDING).getParam("W"), matrix(ref.get("tgt_embedding"), false));
        Layer enc = g.getLayer(AttentionSeq2SeqGraph.ENCODER);
        if (cfg.bidirectional()) {
            Bidirectional bi = (Bidirectional) enc.conf().getLayer();
            importEncoder(bi.getFwd(), prefixed(enc.paramTable(), "f"), ref, "encoder.fwd.");
            importEncoder(bi.getBwd(), prefixed(enc.paramTable(), "b"), ref, "encoder.bwd.");
        } else {
            importEncoder(enc.conf().getLayer(), enc.paramTable(), ref, "encoder.fwd.");
        }
        Map<String, INDArray> p = AttentionSeq2SeqGraph.decoder(g).getParamTable();
        for (Map.Entry<String, INDArray> en : p.entrySet()) {
            assignCast(en.getValue(), vertexValue(en.getKey(), cfg, ref).dup('c').reshape(en.getValue().shape()));
        }
        Layer out = g.getLayer(AttentionSeq2SeqGraph.OUTPUT);
        assignCast(out.getParam("W"), matrix(ref.get("output.w_out"), true));
        INDArray b = out.getParam("b");
        b.assign(Nd4j.createFromArray(ref.get("output.b_out").value()).reshape(b.shape()).castTo(b.dataType()));
    }

    /**
     * The graph's parameter gradients (its gradient views, after {@code computeGradientAndScore()}) under the
     * reference's names, flat row-major. These are gradients of the SUMMED loss, like the reference's.
     */
    public static Map<String, double[]> gradients(ComputationGraph g, Seq2SeqConfig cfg) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("src_embedding", rowMajor(gradientsOf(g.getLayer(AttentionSeq2SeqGraph.SRC_EMBEDDING)).get("W")));
        out.put("tgt_embedding", rowMajor(gradientsOf(g.getLayer(AttentionSeq2SeqGraph.TGT_EMBEDDING)).get("W")));
        Layer enc = g.getLayer(AttentionSeq2SeqGraph.ENCODER);
        if (cfg.bidirectional()) {
            // DL4J's Bidirectional keeps [forward parameters | backward parameters] in one view
            Bidirectional bi = (Bidirectional) enc.conf().getLayer();
            INDArray view = enc.getGradientsViewArray();
            INDArray flat = view.reshape(view.length());
            long half = view.length() / 2;
            putAll(out, "encoder.fwd.", encoderGradients(bi.getFwd(), halfGradients(enc, bi.getFwd(),
                    flat.get(interval(0, half)))));
            putAll(out, "encoder.bwd.", encoderGradients(bi.getBwd(), halfGradients(enc, bi.getBwd(),
                    flat.get(interval(half, 2 * half)))));
        } else {
            putAll(out, "encoder.fwd.", encoderGradients(enc.conf().getLayer(), gradientsOf(enc)));
        }
        Map<String, INDArray> vg = AttentionSeq2SeqGraph.decoder(g).getGradientTable();
        boolean lstm = AttentionDecoderParams.isLstm(cfg.decoderCell());
        int h = cfg.decoderHiddenSize();
        for (Map.Entry<String, INDArray> en : vg.entrySet()) {
            INDArray v = en.getValue().castTo(DataType.DOUBLE);
            switch (en.getKey()) {
                case AttentionDecoderParams.BRIDGE_W: out.put("bridge.w_init", transposed(v)); break;
                case AttentionDecoderParams.BRIDGE_B: out.put("bridge.b_init", rowMajor(v)); break;
                case AttentionDecoderParams.ATT_WQ: out.put("attention.w_q", transposed(v)); break;
                case AttentionDecoderParams.ATT_WK: out.put("attention.w_k", transposed(v)); break;
                case AttentionDecoderParams.ATT_B: out.put("attention.b", rowMajor(v)); break;
                case AttentionDecoderParams.ATT_V: out.put("attention.v", rowMajor(v)); break;
                case AttentionDecoderParams.ATT_WA: out.put("attention.w_a", transposed(v)); break;
                case AttentionDecoderParams.CELL_W: out.put("decoder.w_ih", transposed(v)); break;
                case AttentionDecoderParams.CELL_RW: out.put("decoder.w_hh", transposed(v)); break;
                case AttentionDecoderParams.CELL_B:
                    out.put("decoder.b_ih", rowMajor(v));
                    if (lstm) {
                        out.put("decoder.b_hh", rowMajor(v));
                    }
                    break;
                case AttentionDecoderParams.CELL_BH: out.put("decoder.b_hh", rowMajor(v)); break;
                case AttentionDecoderParams.CELL_P:
                    out.put("decoder.p_i", rowMajor(v.get(interval(0, h))));
                    out.put("decoder.p_f", rowMajor(v.get(interval(h, 2 * h))));
                    out.put("decoder.p_o", rowMajor(v.get(interval(2 * h, 3 * h))));
                    break;
                case AttentionDecoderParams.LUONG_WC: out.put("decoder.w_c", transposed(v)); break;
                default: throw new IllegalStateException("unknown decoder parameter " + en.getKey());
            }
        }
        Map<String, INDArray> og = gradientsOf(g.getLayer(AttentionSeq2SeqGraph.OUTPUT));
        out.put("output.w_out", transposed(og.get("W").castTo(DataType.DOUBLE)));
        out.put("output.b_out", rowMajor(og.get("b")));
        return out;
    }

    private static INDArray vertexValue(String key, Seq2SeqConfig cfg, Map<String, Param> ref) {
        boolean lstm = AttentionDecoderParams.isLstm(cfg.decoderCell());
        switch (key) {
            case AttentionDecoderParams.BRIDGE_W: return matrix(ref.get("bridge.w_init"), true);
            case AttentionDecoderParams.BRIDGE_B: return vector(ref.get("bridge.b_init"));
            case AttentionDecoderParams.ATT_WQ: return matrix(ref.get("attention.w_q"), true);
            case AttentionDecoderParams.ATT_WK: return matrix(ref.get("attention.w_k"), true);
            case AttentionDecoderParams.ATT_B: return vector(ref.get("attention.b"));
            case AttentionDecoderParams.ATT_V: return vector(ref.get("attention.v"));
            case AttentionDecoderParams.ATT_WA: return matrix(ref.get("attention.w_a"), true);
            case AttentionDecoderParams.CELL_W: return matrix(ref.get("decoder.w_ih"), true);
            case AttentionDecoderParams.CELL_RW: return matrix(ref.get("decoder.w_hh"), true);
            case AttentionDecoderParams.CELL_B:
                return lstm ? vector(ref.get("decoder.b_ih")).add(vector(ref.get("decoder.b_hh")))
                        : vector(ref.get("decoder.b_ih"));
            case AttentionDecoderParams.CELL_BH: return vector(ref.get("decoder.b_hh"));
            case AttentionDecoderParams.CELL_P:
                return Nd4j.concat(0, vector(ref.get("decoder.p_i")), vector(ref.get("decoder.p_f")),
                        vector(ref.get("decoder.p_o")));
            case AttentionDecoderParams.LUONG_WC: return matrix(ref.get("decoder.w_c"), true);
            default: throw new IllegalStateException("unknown decoder parameter " + key);
        }
    }

    private static void assignCast(INDArray target, INDArray value) {
        target.assign(value.castTo(target.dataType()));
    }

    private static void importEncoder(org.deeplearning4j.nn.conf.layers.Layer conf, Map<String, INDArray> params,
                                      Map<String, Param> ref, String prefix) {
        Map<String, double[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Param> en : ref.entrySet()) {
            if (en.getKey().startsWith(prefix)) {
                w.put(en.getKey().substring(prefix.length()), en.getValue().value());
            }
        }
        if (conf instanceof PeepholeLSTM) {
            WeightLayout.importLstm((PeepholeLSTM) conf, params, w);
        } else {
            WeightLayout.importGru((GRU) conf, params, w);
        }
    }

    private static Map<String, double[]> encoderGradients(org.deeplearning4j.nn.conf.layers.Layer conf,
                                                          Map<String, INDArray> grads) {
        return conf instanceof PeepholeLSTM ? WeightLayout.lstmGradientsToInterchange((PeepholeLSTM) conf, grads)
                : WeightLayout.exportGru((GRU) conf, grads);
    }

    private static Map<String, INDArray> halfGradients(Layer bidirectional,
                                                       org.deeplearning4j.nn.conf.layers.Layer underlying,
                                                       INDArray view) {
        org.deeplearning4j.nn.conf.NeuralNetConfiguration c = bidirectional.conf().clone();
        c.setLayer(underlying);
        return underlying.initializer().getGradientsFromFlattened(c, view);
    }

    private static Map<String, INDArray> gradientsOf(Layer l) {
        return l.conf().getLayer().initializer().getGradientsFromFlattened(l.conf(), l.getGradientsViewArray());
    }

    private static Map<String, INDArray> prefixed(Map<String, INDArray> m, String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> en : m.entrySet()) {
            if (en.getKey().startsWith(prefix)) {
                out.put(en.getKey().substring(prefix.length()), en.getValue());
            }
        }
        return out;
    }

    private static void putAll(Map<String, double[]> out, String prefix, Map<String, double[]> m) {
        for (Map.Entry<String, double[]> en : m.entrySet()) {
            out.put(prefix + en.getKey(), en.getValue());
        }
    }

    /** One interchange parameter: its row-major values and its shape. */
    private record Param(double[] value, int[] shape) {
    }

    /** An interchange matrix [rows, cols] (optionally transposed) as a double INDArray. */
    private static INDArray matrix(Param p, boolean transpose) {
        INDArray m = Nd4j.createFromArray(p.value()).reshape('c', p.shape()[0], p.shape()[1]);
        return transpose ? m.transpose() : m;
    }

    private static INDArray vector(Param p) {
        return Nd4j.createFromArray(p.value());
    }

    private static double[] rowMajor(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static double[] transposed(INDArray a) {
        return a.castTo(DataType.DOUBLE).transpose().dup('c').data().asDouble();
    }
}
