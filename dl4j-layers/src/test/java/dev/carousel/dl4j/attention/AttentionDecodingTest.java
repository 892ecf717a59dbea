package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.decoding.BeamSearch;
import dev.carousel.spec.decoding.GreedyDecoder;
import dev.carousel.spec.decoding.Hypothesis;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.decoding.StepResult;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Decoding through the reference's IncrementalDecoder on the DL4J model: greedy and beam search give the reference's
 * tokens on copied weights (and its log-probabilities to 1e-9); beam width 1 equals greedy; a step equals the
 * teacher-forced pass at the same prefix; steps leave their input state unchanged and never re-run the encoder.
 */
class AttentionDecodingTest {

    private static int[] randomSource(Random r) {
        int[] s = new int[3 + r.nextInt(4)];
        for (int j = 0; j < s.length; j++) {
            s[j] = 3 + r.nextInt(AttentionFixtures.V_SRC - 3);
        }
        return s;
    }

    @Test
    void greedyAndBeamEqualTheReference() {
        Random r = new Random(11);
        int k = 0;
        int compared = 0;
        for (Seq2SeqConfig cfg : AttentionFixtures.sweep()) {
            AttentionSeq2Seq ref = AttentionFixtures.reference(cfg, 500 + k++);
            ComputationGraph g = AttentionFixtures.graph(cfg, ref, DataType.DOUBLE);
            Dl4jAttentionSeq2Seq model = new Dl4jAttentionSeq2Seq(g, cfg);
            int[] src = randomSource(r);
            Hypothesis want = new GreedyDecoder(8).decode(ref, src);
            Hypothesis got = new GreedyDecoder(8).decode(model, src);
            assertArrayEquals(want.tokens(), got.tokens(), cfg + ": greedy tokens");
            assertEquals(want.logProb(), got.logProb(), 1e-9 * Math.max(1, Math.abs(want.logProb())), cfg + "");
            for (int t = 0; t < want.tokens().length; t++) {
                assertArrayEquals(want.alphas()[t], got.alphas()[t], 1e-9, cfg + ": greedy alphas step " + t);
            }
            List<Hypothesis> wantBeam = new BeamSearch(3, 1.0, 8).search(ref, src);
            List<Hypothesis> gotBeam = new BeamSearch(3, 1.0, 8).search(model, src);
            assertEquals(wantBeam.size(), gotBeam.size(), cfg + ": beam count");
            for (int i = 0; i < wantBeam.size(); i++) {
                assertArrayEquals(wantBeam.get(i).tokens(), gotBeam.get(i).tokens(), cfg + ": beam " + i);
                assertEquals(wantBeam.get(i).score(), gotBeam.get(i).score(), 1e-9, cfg + ": beam score " + i);
            }
            compared++;
        }
        assertEquals(24, compared);
    }

    @Test
    void beamWidthOneIsGreedy() {
        Random r = new Random(12);
        int k = 0;
        for (Seq2SeqConfig cfg : AttentionFixtures.sweep()) {
            ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new org.nd4j.linalg.learning.config.NoOp(),
                    DataType.FLOAT, 600 + k++);
            Dl4jAttentionSeq2Seq model = new Dl4jAttentionSeq2Seq(g, cfg);
            int[] src = randomSource(r);
            Hypothesis greedy = new GreedyDecoder(8).decode(model, src);
            Hypothesis beam = new BeamSearch(1, 1.0, 8).search(model, src).get(0);
            assertArrayEquals(greedy.tokens(), beam.tokens(), cfg + "");
            assertEquals(greedy.logProb(), beam.logProb(), 0.0, cfg + "");
            for (int t = 0; t < greedy.tokens().length; t++) {
                assertArrayEquals(greedy.alphas()[t], beam.alphas()[t], 0.0, cfg + ": alphas step " + t);
            }
        }
    }

    @Test
    void stepEqualsTeacherForcingAndLeavesStateAlone() {
        Random r = new Random(13);
        int k = 0;
        for (Seq2SeqConfig cfg : AttentionFixtures.sweep()) {
            ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new org.nd4j.linalg.learning.config.NoOp(),
                    DataType.DOUBLE, 700 + k++);
            Dl4jAttentionSeq2Seq model = new Dl4jAttentionSeq2Seq(g, cfg);
            int[] src = randomSource(r);
            int[] tgt = {3, 4, 5, 2};
            Dl4jAttentionSeq2Seq.TeacherForced tf = model.teacherForced(Seq2SeqArrays.batch(cfg, new int[][] {src},
                    null, new int[][] {tgt}, null, DataType.DOUBLE));
            Dl4jAttentionSeq2Seq.State s = model.start(src);
            int prev = cfg.bosId();
            for (int t = 0; t < tgt.length; t++) {
                StepResult<Dl4jAttentionSeq2Seq.State> a = model.step(s, prev);
                StepResult<Dl4jAttentionSeq2Seq.State> b = model.step(s, prev);
                assertArrayEquals(a.logProbs(), b.logProbs(), 0.0, cfg + ": step changed its input state");
                double[] lp = logSoftmax(tf.logits()[0][t]);
                assertArrayEquals(lp, a.logProbs(), 1e-12, cfg + ": step " + t + " vs teacher forcing");
                assertArrayEquals(tf.alphas()[0][t], a.alphas(), 1e-12, cfg + ": alphas step " + t);
                s = a.state();
                prev = tgt[t];
            }
        }
    }

    @Test
    void stepsDoNotRerunTheEncoder() {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(0);
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new org.nd4j.linalg.learning.config.NoOp(),
                DataType.DOUBLE, 800);
        Dl4jAttentionSeq2Seq model = new Dl4jAttentionSeq2Seq(g, cfg);
        int[] src = {3, 4, 5, 6};
        Dl4jAttentionSeq2Seq.State s = model.start(src);
        double[] before = model.step(s, cfg.bosId()).logProbs();
        // changing the source embedding and the encoder after start() must not change a step of the started state
        g.getLayer(AttentionSeq2SeqGraph.SRC_EMBEDDING).getParam("W").addi(1.0);
        g.getLayer(AttentionSeq2SeqGraph.ENCODER).params().muli(-0.5);
        double[] after = model.step(s, cfg.bosId()).logProbs();
        assertArrayEquals(before, after, 0.0);
        double[] fresh = model.step(model.start(src), cfg.bosId()).logProbs();
        double diff = 0;
        for (int v = 0; v < fresh.length; v++) {
            diff = Math.max(diff, Math.abs(fresh[v] - before[v]));
        }
        assertTrue(diff > 1e-6, "a new start() sees the changed encoder");
    }

    private static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double[] out = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = z[k] - max - Math.log(sum);
        }
        return out;
    }
}
