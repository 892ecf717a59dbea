package dev.carousel.verify.golden;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.verify.ReferenceSeq2Seq;
import dev.carousel.verify.vectors.Seq2SeqCaseConfig;
import dev.carousel.verify.vectors.Seq2SeqLayout;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCaseWriter;
import dev.carousel.verify.vectors.ArrayLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The golden seq2seq test vectors ({@code vectors/golden-seq2seq}): a covering design of 14 small cases over the
 * encoder-decoder's options (equations.md sections 4-5): every cell type as encoder and as decoder, both decoders
 * with each of the three scores, both init modes, uni- and bidirectional encoders, fixed and variable lengths, an
 * edge case (B = S = T = 1) and a longer one (S = 9, T = 12). Expected arrays come from the float64 reference
 * ({@link ReferenceSeq2Seq}); values from {@link Random} seeded from the seed and the case name.
 *
 * <p>Values: every parameter uniform in ±1/√fan_in (fan_in = the number of columns of a matrix, the length of a
 * vector; independent draws, so weights are asymmetric), the embeddings in ±1; token ids uniform over the
 * vocabulary inside each length, 0 past it. With variable lengths, sequence 0 has lengths S and T and the others
 * random lengths in [1, S − 1] and [1, T − 1].
 */
public final class Seq2SeqGoldenSet {
    /** The seed the committed set was generated with. */
    public static final long DEFAULT_SEED = 2015L;

    private Seq2SeqGoldenSet() {
    }

    /** A case of the set: its folder name, what it computes, and whether its lengths vary. */
    public record Definition(String name, Seq2SeqCaseConfig config, boolean variableLength) {
    }

    private static Definition def(CellType enc, CellType dec, DecoderType decoder, ScoreType score, InitMode init,
                                  boolean bi, int batch, int s, int t, boolean varlen) {
        int hEnc = 3;
        int e = bi ? 2 * hEnc : hEnc;
        int hDec = score == ScoreType.DOT ? e : 4;
        Seq2SeqConfig m = new Seq2SeqConfig(7, 6, 3, hEnc, hDec, enc, dec, bi, decoder, score, 3, init, 1, 1, 0);
        Seq2SeqCaseConfig c = new Seq2SeqCaseConfig(m, batch, s, t);
        String name = "s2s-" + key(enc) + "-" + key(dec) + "-" + key(decoder) + "-" + key(score) + "-" + key(init)
                + (bi ? "-bi" : "-uni") + "-b" + batch + "-s" + s + "-t" + t + (varlen ? "-varlen" : "");
        return new Definition(name, c, varlen);
    }

    private static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The cases, in a fixed order, with distinct names. */
    public static List<Definition> definitions() {
        CellType lstm = CellType.LSTM;
        CellType pl = CellType.PEEPHOLE_LSTM;
        CellType gru = CellType.GRU;
        CellType grb = CellType.GRU_RESET_BEFORE;
        DecoderType b = DecoderType.BAHDANAU;
        DecoderType l = DecoderType.LUONG;
        ScoreType add = ScoreType.ADDITIVE;
        ScoreType dot = ScoreType.DOT;
        ScoreType gen = ScoreType.GENERAL;
        InitMode z = InitMode.ZEROS;
        InitMode fe = InitMode.FROM_ENCODER;
        List<Definition> defs = List.of(
                def(lstm, lstm, b, add, z, false, 3, 5, 4, false),
                def(pl, gru, b, dot, fe, true, 3, 5, 4, true),
                def(gru, grb, b, gen, z, true, 3, 5, 4, true),
                def(grb, pl, b, add, fe, false, 3, 5, 4, true),
                def(lstm, gru, l, gen, fe, false, 3, 5, 4, true),
                def(pl, lstm, l, add, z, true, 3, 5, 4, true),
                def(gru, pl, l, dot, z, false, 3, 5, 4, false),
                def(grb, grb, l, add, fe, true, 3, 5, 4, true),
                def(gru, lstm, b, gen, fe, false, 3, 5, 4, true),
                def(lstm, pl, l, gen, z, true, 3, 5, 4, false),
                def(pl, grb, b, dot, z, false, 3, 5, 4, true),
                def(grb, gru, l, dot, fe, true, 3, 5, 4, true),
                def(lstm, gru, b, add, fe, true, 1, 1, 1, false),
                def(pl, pl, l, add, fe, true, 2, 9, 12, true));
        Set<String> names = new HashSet<>();
        for (Definition d : defs) {
            if (!names.add(d.name())) {
                throw new IllegalStateException("two golden seq2seq cases are named " + d.name());
            }
        }
        return defs;
    }

    /** One case: random tokens, lengths and parameters, expected arrays from the float64 reference. */
    public static Seq2SeqTestCase generate(Definition d, long seed) {
        Seq2SeqCaseConfig c = d.config();
        Random rnd = CaseGenerator.random(seed, d.name());
        int batch = c.batch();
        int[] sl = new int[batch];
        int[] tl = new int[batch];
        for (int b = 0; b < batch; b++) {
            sl[b] = d.variableLength() && b > 0 && c.source() > 1 ? 1 + rnd.nextInt(c.source() - 1) : c.source();
            tl[b] = d.variableLength() && b > 0 && c.target() > 1 ? 1 + rnd.nextInt(c.target() - 1) : c.target();
        }
        int[][] source = tokens(rnd, sl, c.source(), c.model().sourceVocabSize());
        int[][] target = tokens(rnd, tl, c.target(), c.model().targetVocabSize());
        Seq2SeqLayout layout = new Seq2SeqLayout(c);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String p : layout.parameters()) {
            int[] shape = layout.shape(p);
            double k = p.endsWith("_embedding") ? 1.0 : 1.0 / Math.sqrt(shape[shape.length - 1]);
            Tensor t = uniform(rnd, shape, k);
            arrays.put(p, t);
            values.put(p, t.data());
        }
        ReferenceSeq2Seq.Result r = ReferenceSeq2Seq.compute(c, source, sl, target, tl, values);
        arrays.put(Seq2SeqLayout.LOG_PROBS, r.logProbs());
        arrays.put(Seq2SeqLayout.ALPHAS, r.alphas());
        arrays.put(Seq2SeqLayout.LOSS, new Tensor(new int[0], new double[] {r.loss()}));
        for (String p : layout.parameters()) {
            arrays.put(ArrayLayout.GRAD_PREFIX + p, r.gradients().get(p));
        }
        return new Seq2SeqTestCase(d.name(), c, longs(source), longs(target), longs(sl), longs(tl), arrays);
    }

    /** Generates every case into {@code out/<name>/}; returns the cases written. */
    public static List<Seq2SeqTestCase> generate(Path out, long seed) throws IOException {
        List<Seq2SeqTestCase> written = new ArrayList<>();
        for (Definition d : definitions()) {
            Seq2SeqTestCase c = generate(d, seed);
            TestCaseWriter.write(c, out.resolve(d.name()));
            written.add(c);
        }
        return written;
    }

    private static int[][] tokens(Random rnd, int[] lengths, int width, int vocab) {
        int[][] ids = new int[lengths.length][width];
        for (int b = 0; b < lengths.length; b++) {
            for (int j = 0; j < lengths[b]; j++) {
                ids[b][j] = rnd.nextInt(vocab);
            }
        }
        return ids;
    }

    private static Tensor uniform(Random rnd, int[] shape, double half) {
        int n = 1;
        for (int dim : shape) {
            n *= dim;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2.0 * rnd.nextDouble() - 1.0) * half;
        }
        return new Tensor(shape, v);
    }

    private static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    private static long[][] longs(int[][] a) {
        long[][] out = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = longs(a[i]);
        }
        return out;
    }
}
