package dev.carousel.reference.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.Masks;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks (central, eps 1e-6, float64) of EVERY parameter of the encoder-decoder and of its
 * embedded inputs, for every score x decoder x cell x direction x init mode, on a padded batch: B = 2, source
 * lengths {5, 3} (S = 5), target lengths {4, 2} (T = 4), V_src = 6, V_tgt = 7, M = 3, H 3-4.
 */
class Seq2SeqGradientTest {
    static final int[][] SOURCE = {{3, 4, 5, 1, 2}, {5, 2, 4, 0, 0}};
    static final int[] SOURCE_LENGTHS = {5, 3};
    static final int[][] TARGET = {{3, 6, 4, 2}, {5, 2, 0, 0}};
    static final int[] TARGET_LENGTHS = {4, 2};
    static final GradCheck.Result OVERALL = new GradCheck.Result();

    static Seq2SeqConfig config(ScoreType score, DecoderType decoder, CellType enc, CellType dec, boolean bidi,
                                InitMode init) {
        int hDec = 4;
        int hEnc = score == ScoreType.DOT ? (bidi ? 2 : 4) : 3;
        return new Seq2SeqConfig(6, 7, 3, hEnc, hDec, enc, dec, bidi, decoder, score, 3, init, 1, 2, 0);
    }

    static Stream<Seq2SeqConfig> configs() {
        List<Seq2SeqConfig> all = new ArrayList<>();
        for (ScoreType score : ScoreType.values()) {
            for (DecoderType decoder : DecoderType.values()) {
                for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
                    for (boolean bidi : new boolean[] {false, true}) {
                        for (InitMode init : InitMode.values()) {
                            all.add(config(score, decoder, cell, cell, bidi, init));
                        }
                    }
                }
            }
        }
        all.add(config(ScoreType.ADDITIVE, DecoderType.LUONG, CellType.PEEPHOLE_LSTM, CellType.GRU_RESET_BEFORE,
                true, InitMode.FROM_ENCODER));
        all.add(config(ScoreType.GENERAL, DecoderType.BAHDANAU, CellType.GRU_RESET_BEFORE, CellType.PEEPHOLE_LSTM,
                true, InitMode.FROM_ENCODER));
        all.add(config(ScoreType.DOT, DecoderType.BAHDANAU, CellType.GRU, CellType.LSTM, false,
                InitMode.FROM_ENCODER));
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyParameterAndEmbeddedInputMatchesFiniteDifferences(Seq2SeqConfig cfg) {
        AttentionSeq2Seq model = new AttentionSeq2Seq(cfg);
        Seq2SeqInitializer.initialize(model, 42);
        DoubleSupplier loss = () -> model.forward(SOURCE, SOURCE_LENGTHS, TARGET, TARGET_LENGTHS).loss;

        model.params().zeroGrad();
        AttentionSeq2Seq.Forward f = model.forward(SOURCE, SOURCE_LENGTHS, TARGET, TARGET_LENGTHS);
        model.backward(f);
        GradCheck.Result r = GradCheck.params(model.params(), loss);

        // the embedded inputs: x_j = src_embedding[source_j], y_{t-1} = tgt_embedding[bos or target_{t-1}]
        double[][][] x = model.sourceEmbedding().lookup(SOURCE);
        double[][][] y = new double[2][4][];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                y[b][t] = model.targetEmbedding().lookup(t == 0 ? cfg.bosId() : TARGET[b][t - 1]);
            }
        }
        double[][] sMask = Masks.fromLengths(SOURCE_LENGTHS, 5);
        double[][] tMask = Masks.fromLengths(TARGET_LENGTHS, 4);
        DoubleSupplier lossEmbedded = () -> model.forwardEmbedded(x, sMask, y, TARGET, tMask).loss;
        assertEquals(f.loss, lossEmbedded.getAsDouble(), 0.0);
        model.params().zeroGrad();
        AttentionSeq2Seq.Gradients g = model.backward(model.forwardEmbedded(x, sMask, y, TARGET, tMask));
        r.merge(GradCheck.input("x_src", x, g.dSourceEmbedded(), lossEmbedded));
        r.merge(GradCheck.input("y_in", y, g.dTargetInputEmbedded(), lossEmbedded));

        System.out.println(describe(cfg) + ": " + r);
        synchronized (OVERALL) {
            OVERALL.merge(r);
        }
        assertTrue(r.checked > 200, "too few entries checked: " + r.checked);
        assertTrue(r.maxError <= 1e-6, describe(cfg) + ": " + r);
    }

    @Test
    void lossIsTheSummedMaskedCrossEntropyAndPaddingChangesNothing() {
        Seq2SeqConfig cfg = config(ScoreType.ADDITIVE, DecoderType.LUONG, CellType.LSTM, CellType.GRU, true,
                InitMode.FROM_ENCODER);
        AttentionSeq2Seq model = new AttentionSeq2Seq(cfg);
        Seq2SeqInitializer.initialize(model, 7);
        AttentionSeq2Seq.Forward f = model.forward(SOURCE, SOURCE_LENGTHS, TARGET, TARGET_LENGTHS);
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < TARGET_LENGTHS[b]; t++) {
                double[] z = f.logits[b][t];
                double sum = 0;
                for (double v : z) {
                    sum += Math.exp(v);
                }
                expected += Math.log(sum) - z[TARGET[b][t]];
            }
        }
        assertEquals(expected, f.loss, 1e-12);
        assertEquals(6, f.tokenCount);
        // masked target steps: logits and alphas are 0; alphas at masked source positions are exactly 0
        for (int t = 2; t < 4; t++) {
            for (double v : f.logits[1][t]) {
                assertEquals(0.0, v);
            }
            for (double a : f.alphas[1][t]) {
                assertEquals(0.0, a);
            }
        }
        for (int t = 0; t < 2; t++) {
            assertEquals(0.0, f.alphas[1][t][3]);
            assertEquals(0.0, f.alphas[1][t][4]);
            double sum = 0;
            for (double a : f.alphas[1][t]) {
                sum += a;
            }
            assertEquals(1.0, sum, 1e-14);
        }
        // other tokens under the padding (source and target) change nothing, bit for bit
        int[][] source2 = {SOURCE[0].clone(), {5, 2, 4, 3, 5}};
        int[][] target2 = {TARGET[0].clone(), {5, 2, 6, 4}};
        AttentionSeq2Seq.Forward f2 = model.forward(source2, SOURCE_LENGTHS, target2, TARGET_LENGTHS);
        assertEquals(f.loss, f2.loss, 0.0);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(f.alphas[b][t], f2.alphas[b][t], 0.0);
                org.junit.jupiter.api.Assertions.assertArrayEquals(f.logits[b][t], f2.logits[b][t], 0.0);
            }
        }
        // a padded sequence gives the same loss as itself alone, unpadded
        AttentionSeq2Seq.Forward alone = model.forward(new int[][] {{5, 2, 4}}, new int[] {3},
                new int[][] {{5, 2}}, new int[] {2});
        double second = 0;
        for (int t = 0; t < 2; t++) {
            second -= f.logProbs[1][t][TARGET[1][t]];
        }
        assertEquals(alone.loss, second, 1e-14);
    }

    @Test
    void backwardTwiceAddsTheSameGradientsTwice() {
        AttentionSeq2Seq model = new AttentionSeq2Seq(config(ScoreType.ADDITIVE, DecoderType.BAHDANAU, CellType.GRU,
                CellType.LSTM, true, InitMode.FROM_ENCODER));
        Seq2SeqInitializer.initialize(model, 3);
        AttentionSeq2Seq.Forward f = model.forward(SOURCE, SOURCE_LENGTHS, TARGET, TARGET_LENGTHS);
        model.params().zeroGrad();
        AttentionSeq2Seq.Gradients g1 = model.backward(f);
        java.util.Map<String, double[]> once = new java.util.HashMap<>();
        model.params().asMap().forEach((name, p) -> once.put(name, p.grad.clone()));
        AttentionSeq2Seq.Gradients g2 = model.backward(f);
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 5; j++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(g1.dSourceEmbedded()[b][j],
                        g2.dSourceEmbedded()[b][j], 0.0);
            }
        }
        model.params().asMap().forEach((name, p) -> {
            for (int k = 0; k < p.size(); k++) {
                assertEquals(2 * once.get(name)[k], p.grad[k], 1e-14 * (1 + Math.abs(p.grad[k])), name);
            }
        });
    }

    @AfterAll
    static void report() {
        System.out.println("Seq2Seq gradient checks overall: " + OVERALL);
    }

    static String describe(Seq2SeqConfig c) {
        return c.scoreType() + "/" + c.decoderType() + "/" + c.encoderCell() + "->" + c.decoderCell()
                + (c.bidirectional() ? "/bidi" : "/uni") + "/" + c.initMode();
    }
}
