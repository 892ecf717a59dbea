package dev.carousel.spec.seq2seq;

import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The interchange layout of an attention encoder-decoder's parameters (equations.md section 5, test-vectors.md
 * "Seq2seq cases"): every parameter's name and shape, row-major, in one fixed order. The reference model, the DL4J
 * graph and the DJL block all read and write their parameters under these names, so weights move between them (and
 * to and from test vectors) as a {@code Map<String, double[]>}.
 *
 * <pre>
 *   src_embedding [V_src, M]             tgt_embedding [V_tgt, M]
 *   encoder.fwd.* , encoder.bwd.* (bidirectional)   the encoder cell's parameters, input size M
 *   bridge.w_init [H_dec, E], bridge.b_init [H_dec]  (init mode FROM_ENCODER)
 *   attention.w_q [A, H_dec], attention.w_k [A, E], attention.b [A], attention.v [A]   (additive)
 *   attention.w_a [H_dec, E]                                                            (general; dot has none)
 *   decoder.*                             the decoder cell's parameters, input size M + E (Bahdanau) or M + H_dec
 *   decoder.w_c [H_dec, E + H_dec]        (Luong)
 *   output.w_out [V_tgt, H_dec + E (Bahdanau) or H_dec (Luong)], output.b_out [V_tgt]
 * </pre>
 * A cell's parameters: w_ih [G H, I], w_hh [G H, H], b_ih [G H], b_hh [G H] (G = 4 for an LSTM, rows i, f, g, o;
 * G = 3 for a GRU, rows r, z, n), and p_i, p_f, p_o [H] for the peephole LSTM.
 */
public final class Seq2SeqParameters {
    private Seq2SeqParameters() {
    }

    /** Every parameter's name and shape, in the interchange order. */
    public static Map<String, int[]> shapes(Seq2SeqConfig c) {
        Map<String, int[]> out = new LinkedHashMap<>();
        int m = c.embeddingSize();
        int e = c.encoderOutputSize();
        int hDec = c.decoderHiddenSize();
        out.put("src_embedding", new int[] {c.sourceVocabSize(), m});
        out.put("tgt_embedding", new int[] {c.targetVocabSize(), m});
        cell(out, "encoder.fwd.", c.encoderCell(), m, c.encoderHiddenSize());
        if (c.bidirectional()) {
            cell(out, "encoder.bwd.", c.encoderCell(), m, c.encoderHiddenSize());
        }
        if (c.initMode() == InitMode.FROM_ENCODER) {
            out.put("bridge.w_init", new int[] {hDec, e});
            out.put("bridge.b_init", new int[] {hDec});
        }
        switch (c.scoreType()) {
            case ADDITIVE:
                int a = c.attentionSize();
                out.put("attention.w_q", new int[] {a, hDec});
                out.put("attention.w_k", new int[] {a, e});
                out.put("attention.b", new int[] {a});
                out.put("attention.v", new int[] {a});
                break;
            case GENERAL:
                out.put("attention.w_a", new int[] {hDec, e});
                break;
            case DOT:
                break;
            default:
                throw new AssertionError(c.scoreType());
        }
        cell(out, "decoder.", c.decoderCell(), c.decoderInputSize(), hDec);
        if (c.decoderType() == DecoderType.LUONG) {
            out.put("decoder.w_c", new int[] {hDec, e + hDec});
        }
        out.put("output.w_out", new int[] {c.targetVocabSize(), c.decoderOutputSize()});
        out.put("output.b_out", new int[] {c.targetVocabSize()});
        return Collections.unmodifiableMap(out);
    }

    /** The number of values of a shape. */
    public static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Checks that {@code values} holds exactly the parameters of {@code c}, each with the right number of values.
     *
     * @throws IllegalArgumentException naming the missing, unexpected or mis-sized parameter
     */
    public static void check(Seq2SeqConfig c, Map<String, double[]> values) {
        Map<String, int[]> shapes = shapes(c);
        if (!shapes.keySet().equals(values.keySet())) {
            throw new IllegalArgumentException("seq2seq parameter names differ: expected " + shapes.keySet()
                    + ", got " + values.keySet());
        }
        for (Map.Entry<String, int[]> s : shapes.entrySet()) {
            double[] v = values.get(s.getKey());
            if (v == null || v.length != size(s.getValue())) {
                throw new IllegalArgumentException("seq2seq parameter " + s.getKey() + " "
                        + java.util.Arrays.toString(s.getValue()) + ": expected " + size(s.getValue())
                        + " values, got " + (v == null ? "none" : v.length));
            }
        }
    }

    private static void cell(Map<String, int[]> out, String prefix, CellType type, int in, int h) {
        int g = type.hasCellState() ? 4 : 3;
        out.put(prefix + "w_ih", new int[] {g * h, in});
        out.put(prefix + "w_hh", new int[] {g * h, h});
        out.put(prefix + "b_ih", new int[] {g * h});
        out.put(prefix + "b_hh", new int[] {g * h});
        if (type == CellType.PEEPHOLE_LSTM) {
            out.put(prefix + "p_i", new int[] {h});
            out.put(prefix + "p_f", new int[] {h});
            out.put(prefix + "p_o", new int[] {h});
        }
    }
}
