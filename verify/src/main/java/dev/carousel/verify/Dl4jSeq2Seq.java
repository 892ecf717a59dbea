package dev.carousel.verify;

import dev.carousel.dl4j.attention.AttentionSeq2SeqGraph;
import dev.carousel.dl4j.attention.Dl4jAttentionSeq2Seq;
import dev.carousel.dl4j.attention.Seq2SeqArrays;
import dev.carousel.dl4j.attention.Seq2SeqParamImport;
import dev.carousel.spec.DType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Carousel's DL4J attention encoder-decoder ({@link AttentionSeq2SeqGraph}) as a {@link Seq2SeqImplementation}: the
 * case's parameters imported with {@link Seq2SeqParamImport}, the logits and alphas of
 * {@link Dl4jAttentionSeq2Seq#teacherForced}, and the graph's gradients of its score. DL4J's score is the summed
 * token loss divided by the minibatch size B (its per-example convention), so the loss reported is score × B; the
 * gradients are those of the summed loss.
 */
public final class Dl4jSeq2Seq implements Seq2SeqImplementation {

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public Set<DType> dtypes() {
        return Set.of(DType.FLOAT64, DType.FLOAT32);
    }

    private static boolean allValid(int[] lengths, int t) {
        for (int l : lengths) {
            if (l != t) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Result run(Seq2SeqTestCase c, DType dtype) {
        DataType dt = dtype == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
        Seq2SeqConfig cfg = c.config().model();
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new NoOp(), dt, 7);
        Seq2SeqParamImport.importParams(g, cfg, c.parameterValues());
        int[][] target = c.target();
        int[] targetLengths = c.targetLengths();
        MultiDataSet ds = Seq2SeqArrays.batch(cfg, c.source(), c.sourceLengths(), target, targetLengths, dt);
        if (allValid(targetLengths, c.config().target())) {
            // no target step is masked: drop the (all-ones) label mask. DL4J M2.1 reads a [1, 1] label mask
            // (B * T = 1) as a per-output mask and refuses it for softmax + MCXENT; without a mask it is the same loss.
            ds = new MultiDataSet(ds.getFeatures(), ds.getLabels(), ds.getFeaturesMaskArrays(), null);
        }
        Dl4jAttentionSeq2Seq.TeacherForced tf = new Dl4jAttentionSeq2Seq(g, cfg).teacherForced(ds);
        double[][][] logProbs = Seq2SeqResults.logProbs(tf.logits(), targetLengths);
        double[][][] alphas = tf.alphas();
        g.setInputs(ds.getFeatures());
        g.setLabels(ds.getLabels());
        g.setLayerMaskArrays(ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
        try {
            g.computeGradientAndScore();
            double loss = g.score() * c.config().batch();
            Map<String, double[]> grads = Seq2SeqParamImport.gradients(g, cfg);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : c.layout().parameters()) {
                double[] v = grads.get(name);
                if (v == null) {
                    throw new IllegalStateException("DL4J returned no gradient for " + name + "; got "
                            + grads.keySet());
                }
                out.put(name, new Tensor(c.layout().shape(name), v));
            }
            return new Result(Tensor.of(logProbs), Tensor.of(alphas), loss, out);
        } finally {
            g.clearLayerMaskArrays();
        }
    }
}
