package dev.carousel.dl4j.attention;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameters of an {@link AttentionDecoderVertex}, flattened in this order ('c'-ordered matrices, rank-1
 * vectors; every array a view of the vertex's parameter view). Matrices are stored input-major ([in, out]) so a
 * minibatch row vector multiplies from the left; each is the transpose of the reference's (docs/attention.md).
 *
 * <pre>
 *   Winit [E, H], binit [H]                    init mode FROM_ENCODER     (bridge.w_init^T, bridge.b_init)
 *   Wq [H, A], Wk [E, A], ba [A], v [A]         additive score             (attention.w_q^T, w_k^T, b, v)
 *   Wa [E, H]                                   general score              (attention.w_a^T; dot has none)
 *   W [In, G*H], RW [H, G*H], b [G*H]           the decoder cell; In = M + E (Bahdanau) or M + H (Luong)
 *   bh [3H]                                     GRU cells (b_hh); LSTM keeps one bias b = b_ih + b_hh
 *   P [3H]                                      PEEPHOLE_LSTM: p_i, p_f, p_o
 *   Wc [E + H, H]                               Luong (decoder.w_c^T)
 * </pre>
 *
 * Cell column blocks: i, f, g, o (LSTM, G = 4) or r, z, n (GRU, G = 3). Initialisation follows PyTorch (and the
 * reference's Seq2SeqInitializer bounds): U(+-1/sqrt(H)) for the cell, U(+-1/sqrt(fan_in)) for the other matrices and
 * their biases, U(+-1/sqrt(A)) for v, from ND4J's random generator (seeded by the network's seed).
 */
public final class AttentionDecoderParams {
    public static final String BRIDGE_W = "Winit";
    public static final String BRIDGE_B = "binit";
    public static final String ATT_WQ = "Wq";
    public static final String ATT_WK = "Wk";
    public static final String ATT_B = "ba";
    public static final String ATT_V = "v";
    public static final String ATT_WA = "Wa";
    public static final String CELL_W = "W";
    public static final String CELL_RW = "RW";
    public static final String CELL_B = "b";
    public static final String CELL_BH = "bh";
    public static final String CELL_P = "P";
    public static final String LUONG_WC = "Wc";

    private static final List<String> BIASES = List.of(BRIDGE_B, ATT_B, CELL_B, CELL_BH);

    private AttentionDecoderParams() {
    }

    /** Parameter names in flattened order with their shapes. */
    public static Map<String, long[]> shapes(AttentionDecoderVertex c) {
        long e = c.getEncoderSize();
        long m = c.getEmbeddingSize();
        long h = c.getHiddenSize();
        long a = c.getAttentionSize();
        boolean lstm = isLstm(c.getCellType());
        long g = (lstm ? 4 : 3) * h;
        boolean bahdanau = c.getDecoderType() == Seq2SeqConfig.DecoderType.BAHDANAU;
        Map<String, long[]> s = new LinkedHashMap<>();
        if (c.getInitMode() == Seq2SeqConfig.InitMode.FROM_ENCODER) {
            s.put(BRIDGE_W, new long[] {e, h});
            s.put(BRIDGE_B, new long[] {h});
        }
        if (c.getScoreType() == Seq2SeqConfig.ScoreType.ADDITIVE) {
            s.put(ATT_WQ, new long[] {h, a});
            s.put(ATT_WK, new long[] {e, a});
            s.put(ATT_B, new long[] {a});
            s.put(ATT_V, new long[] {a});
        } else if (c.getScoreType() == Seq2SeqConfig.ScoreType.GENERAL) {
            s.put(ATT_WA, new long[] {e, h});
        }
        s.put(CELL_W, new long[] {m + (bahdanau ? e : h), g});
        s.put(CELL_RW, new long[] {h, g});
        s.put(CELL_B, new long[] {g});
        if (!lstm) {
            s.put(CELL_BH, new long[] {g});
        }
        if (c.getCellType() == Seq2SeqConfig.CellType.PEEPHOLE_LSTM) {
            s.put(CELL_P, new long[] {3 * h});
        }
        if (!bahdanau) {
            s.put(LUONG_WC, new long[] {e + h, h});
        }
        return s;
    }

    static boolean isLstm(Seq2SeqConfig.CellType t) {
        return t == Seq2SeqConfig.CellType.LSTM || t == Seq2SeqConfig.CellType.PEEPHOLE_LSTM;
    }

    public static long count(AttentionDecoderVertex c) {
        long n = 0;
        for (long[] sh : shapes(c).values()) {
            long k = 1;
            for (long d : sh) {
                k *= d;
            }
            n += k;
        }
        return n;
    }

    public static List<String> keys(AttentionDecoderVertex c) {
        return new ArrayList<>(shapes(c).keySet());
    }

    public static boolean isBias(String key) {
        return BIASES.contains(key);
    }

    /** Named views of a flattened parameter (or gradient) array, in the documented order. */
    public static Map<String, INDArray> slice(AttentionDecoderVertex c, INDArray view) {
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long next = 0;
        for (Map.Entry<String, long[]> en : shapes(c).entrySet()) {
            long[] sh = en.getValue();
            long n = sh.length == 1 ? sh[0] : sh[0] * sh[1];
            INDArray v = flat.get(interval(next, next + n));
            out.put(en.getKey(), sh.length == 1 ? v : v.reshape('c', sh[0], sh[1]));
            next += n;
        }
        if (next != view.length()) {
            throw new IllegalStateException("AttentionDecoderVertex: parameter view has " + view.length()
                    + " values, the configuration needs " + next);
        }
        return out;
    }

    /** PyTorch-style uniform initialisation into the views. */
    static void initialize(AttentionDecoderVertex c, Map<String, INDArray> p) {
        double cellBound = 1.0 / Math.sqrt(c.getHiddenSize());
        for (Map.Entry<String, INDArray> en : p.entrySet()) {
            String k = en.getKey();
            INDArray v = en.getValue();
            double bound;
            switch (k) {
                case CELL_W: case CELL_RW: case CELL_B: case CELL_BH: case CELL_P:
                    bound = cellBound;
                    break;
                case BRIDGE_W: case BRIDGE_B: case ATT_WK: case ATT_WA:
                    bound = 1.0 / Math.sqrt(c.getEncoderSize());
                    break;
                case ATT_WQ: case ATT_B:
                    bound = 1.0 / Math.sqrt(c.getHiddenSize());
                    break;
                case ATT_V:
                    bound = 1.0 / Math.sqrt(c.getAttentionSize());
                    break;
                case LUONG_WC:
                    bound = 1.0 / Math.sqrt(c.getEncoderSize() + c.getHiddenSize());
                    break;
                default:
                    throw new IllegalStateException("unknown parameter " + k);
            }
            INDArray r = Nd4j.rand(v.dataType(), v.shape()).muli(2 * bound).subi(bound);
            v.assign(r);
        }
    }
}
