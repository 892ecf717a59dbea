package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * JSON and ModelSerializer round trips of the attention graph: the configuration comes back equal, and the rebuilt
 * or restored graph gives bit-identical logits and attention weights; with the updater state restored, one more
 * Adam step on both gives identical parameters.
 */
class AttentionSerializationTest {

    @TempDir
    Path dir;

    @Test
    void jsonRoundTripGivesIdenticalOutputs() {
        for (Seq2SeqConfig cfg : new Seq2SeqConfig[] {AttentionFixtures.sweep().get(0), AttentionFixtures.sweep().get(9),
                AttentionFixtures.sweep().get(22)}) {
            ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new Adam(1e-2), DataType.FLOAT, 5);
            ComputationGraphConfiguration c2 = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
            assertEquals(g.getConfiguration().toJson(), c2.toJson());
            assertEquals(g.getConfiguration().getVertices().get(AttentionSeq2SeqGraph.DECODER),
                    c2.getVertices().get(AttentionSeq2SeqGraph.DECODER));
            ComputationGraph g2 = new ComputationGraph(c2);
            g2.init(g.params().dup(), false);
            assertSameOutputs(cfg, g, g2);
        }
    }

    @Test
    void modelSerializerRoundTripGivesIdenticalOutputsAndTraining() throws Exception {
        Seq2SeqConfig cfg = AttentionFixtures.sweep().get(13);
        ComputationGraph g = AttentionSeq2SeqGraph.build(cfg, new Adam(1e-2), DataType.FLOAT, 6);
        MultiDataSet ds = AttentionFixtures.batch(1, new int[] {5, 3}, 5, new int[] {4, 2}, 4).arrays(cfg,
                DataType.FLOAT);
        g.fit(ds);
        g.fit(ds);
        File f = dir.resolve("attention.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(g.params(), r.params());
        assertSameOutputs(cfg, g, r);
        g.fit(ds);
        r.fit(ds);
        assertEquals(g.params(), r.params());
        assertTrue(g.score() > 0);
    }

    private static void assertSameOutputs(Seq2SeqConfig cfg, ComputationGraph a, ComputationGraph b) {
        MultiDataSet ds = AttentionFixtures.batch(3, new int[] {5, 2}, 5, new int[] {4, 3}, 4).arrays(cfg,
                DataType.FLOAT);
        Dl4jAttentionSeq2Seq.TeacherForced x = new Dl4jAttentionSeq2Seq(a, cfg).teacherForced(ds);
        Dl4jAttentionSeq2Seq.TeacherForced y = new Dl4jAttentionSeq2Seq(b, cfg).teacherForced(ds);
        for (int i = 0; i < 2; i++) {
            for (int t = 0; t < 4; t++) {
                assertArrayEquals(x.logits()[i][t], y.logits()[i][t], 0.0);
                assertArrayEquals(x.alphas()[i][t], y.alphas()[i][t], 0.0);
            }
        }
    }
}
