package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.Param;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.testing.Comparisons;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The DL4J attention model against the float64 reference AttentionSeq2Seq with copied weights: logits, attention
 * weights, the loss and EVERY parameter gradient, on padded batches (source lengths 5, 3; target lengths 4, 2), for
 * every score x decoder x decoder cell (24 configurations, encoder cell, direction and init mode varied along).
 * Relative error = max|a - e| / max(max|e|, 1e-12) per tensor; float64 <= 1e-9, float32 <= 1e-4.
 */
class AttentionReferenceAgreementTest {

    @Test
    void float64AgreesWithReference() {
        double worst = run(DataType.DOUBLE, 1e-9);
        System.out.println("attention agreement float64: worst relative error " + worst);
    }

    @Test
    void float32AgreesWithReference() {
        double worst = run(DataType.FLOAT, 1e-4);
        System.out.println("attention agreement float32: worst relative error " + worst);
    }

    private static double run(DataType dt, double tol) {
        double worst = 0;
        int k = 0;
        for (Seq2SeqConfig cfg : AttentionFixtures.sweep()) {
            String what = cfg.decoderType() + "/" + cfg.scoreType() + "/" + cfg.decoderCell() + " enc "
                    + cfg.encoderCell() + (cfg.bidirectional() ? " bi" : "") + " " + cfg.initMode() + " " + dt;
            AttentionSeq2Seq ref = AttentionFixtures.reference(cfg, 100 + k);
            AttentionFixtures.Batch b = AttentionFixtures.batch(200 + k, new int[] {5, 3}, 5, new int[] {4, 2}, 4);
            k++;
            AttentionSeq2Seq.Forward f = ref.forward(b.source(), b.sourceLengths(), b.target(), b.targetLengths());
            ref.params().zeroGrad();
            ref.backward(f);

            ComputationGraph g = AttentionFixtures.graph(cfg, ref, dt);
            MultiDataSet ds = b.arrays(cfg, dt);
            Dl4jAttentionSeq2Seq model = new Dl4jAttentionSeq2Seq(g, cfg);
            Dl4jAttentionSeq2Seq.TeacherForced tf = model.teacherForced(ds);
            for (int i = 0; i < 2; i++) {
                for (int t = 0; t < b.targetLengths()[i]; t++) {
                    worst = Math.max(worst, check(what + " logits[" + i + "][" + t + "]", tf.logits()[i][t],
                            f.logits[i][t], tol));
                    worst = Math.max(worst, check(what + " alphas[" + i + "][" + t + "]", tf.alphas()[i][t],
                            f.alphas[i][t], tol));
                    for (int j = b.sourceLengths()[i]; j < 5; j++) {
                        assertEquals(0.0, tf.alphas()[i][t][j], what + ": alpha at a masked source position");
                    }
                }
            }

            g.setInputs(ds.getFeatures());
            g.setLabels(ds.getLabels());
            g.setLayerMaskArrays(ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
            g.computeGradientAndScore();
            double lossRel = Math.abs(g.score() * 2 - f.loss) / Math.abs(f.loss);
            assertTrue(lossRel <= tol, what + ": loss " + g.score() * 2 + " vs " + f.loss);
            Map<String, double[]> grads = Seq2SeqParamImport.gradients(g, cfg);
            for (Map.Entry<String, Param> en : ref.params().asMap().entrySet()) {
                String name = en.getKey();
                double[] got = grads.get(name);
                assertNotNull(got, what + ": no DL4J gradient for " + name + "; have " + grads.keySet());
                assertEquals(en.getValue().grad.length, got.length, what + ": size of " + name);
                worst = Math.max(worst, check(what + " d" + name, got, en.getValue().grad, tol));
            }
            g.clearLayerMaskArrays();
        }
        return worst;
    }

    private static double check(String what, double[] got, double[] expected, double tol) {
        return Comparisons.assertRelativeError(got, expected, tol, what);
    }
}
