package dev.carousel.djl.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import dev.carousel.testing.RandomArrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A random padded batch for a configuration, and one teacher-forced pass of the DJL model and the reference. */
final class Seq2SeqCase {
    final Seq2SeqConfig config;
    final int[][] source;
    final int[] sourceLengths;
    final int[][] target;
    final int[] targetLengths;

    Seq2SeqCase(Seq2SeqConfig config, int[][] source, int[] sourceLengths, int[][] target, int[] targetLengths) {
        this.config = config;
        this.source = source;
        this.sourceLengths = sourceLengths;
        this.target = target;
        this.targetLengths = targetLengths;
    }

    /** B sequences, source lengths in [1, S], target lengths in [1, T], pad after the lengths. */
    static Seq2SeqCase random(Seq2SeqConfig cfg, Random r, int batch, int s, int t) {
        int[][] src = new int[batch][s];
        int[][] tgt = new int[batch][t];
        int[] sl = new int[batch];
        int[] tl = new int[batch];
        for (int b = 0; b < batch; b++) {
            sl[b] = b == 0 ? s : 1 + r.nextInt(s);
            tl[b] = b == 1 ? t : 1 + r.nextInt(t);
            for (int j = 0; j < s; j++) {
                src[b][j] = j < sl[b] ? r.nextInt(cfg.sourceVocabSize()) : cfg.padId();
            }
            for (int k = 0; k < t; k++) {
                tgt[b][k] = k < tl[b] ? r.nextInt(cfg.targetVocabSize()) : cfg.padId();
            }
        }
        return new Seq2SeqCase(cfg, src, sl, tgt, tl);
    }

    /** A seeded reference model. */
    AttentionSeq2Seq reference(long seed) {
        AttentionSeq2Seq ref = new AttentionSeq2Seq(config);
        Seq2SeqInitializer.initialize(ref, seed);
        return ref;
    }

    /** What one pass gives: logits [B][T][V], alphas [B][T][S], the summed loss, gradients by reference name. */
    record Pass(double[] logits, double[] alphas, double loss, Map<String, double[]> gradients) {
    }

    Pass referencePass(AttentionSeq2Seq ref) {
        AttentionSeq2Seq.Forward f = ref.forward(source, sourceLengths, target, targetLengths);
        ref.params().zeroGrad();
        ref.backward(f);
        Map<String, double[]> g = new LinkedHashMap<>();
        ref.params().asMap().forEach((name, p) -> g.put(name, p.grad.clone()));
        return new Pass(RandomArrays.flatten(f.logits), RandomArrays.flatten(f.alphas), f.loss, g);
    }

    /** A fresh block of the given type with the given parameter values (reference names). */
    AttentionSeq2SeqBlock block(NDManager m, DataType dtype, Map<String, double[]> values) {
        AttentionSeq2SeqBlock block = new AttentionSeq2SeqBlock(config);
        block.initialize(m, dtype, new Shape(source.length, source[0].length), new Shape(source.length));
        Seq2SeqWeights.set(block, values);
        return block;
    }

    /**
     * Rounds every parameter of the reference to the nearest float32 value, so a float32 block and the reference
     * start from the same weights and only the arithmetic differs.
     */
    static void roundToFloat(AttentionSeq2Seq ref) {
        ref.params().asMap().values().forEach(p -> {
            for (int k = 0; k < p.value.length; k++) {
                p.value[k] = (float) p.value[k];
            }
        });
    }

    static Map<String, double[]> values(AttentionSeq2Seq ref) {
        Map<String, double[]> v = new LinkedHashMap<>();
        ref.params().asMap().forEach((name, p) -> v.put(name, p.value.clone()));
        return v;
    }

    NDList inputs(NDManager m) {
        return new NDList(m.create(source), m.create(sourceLengths), m.create(target), m.create(targetLengths));
    }

    /** Forward (and backward when withGradients) of the summed token loss; the block's gradients start at 0. */
    Pass djlPass(AttentionSeq2SeqBlock block, NDManager m, boolean withGradients) {
        try (NDManager sub = m.newSubManager()) {
            ParameterStore ps = new ParameterStore(sub, false);
            NDList in = inputs(sub);
            NDList labels = new NDList(in.get(2), in.get(3));
            TokenCrossEntropyLoss loss = new TokenCrossEntropyLoss("sum", false);
            if (!withGradients) {
                NDList out = block.forward(ps, in, false);
                return new Pass(doubles(out.get(0)), doubles(out.get(1)),
                        loss.evaluate(labels, out).toType(DataType.FLOAT64, false).getDouble(), null);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDList out = block.forward(ps, new NDList(in.get(0), in.get(1)), labels, null);
                NDArray l = loss.evaluate(labels, out);
                gc.backward(l);
                return new Pass(doubles(out.get(0)), doubles(out.get(1)),
                        l.toType(DataType.FLOAT64, false).getDouble(), Seq2SeqWeights.gradients(block));
            }
        }
    }

    static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
