package dev.carousel.djl.attention;

import static dev.carousel.djl.attention.DecodingTest.assertMessage;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad inputs to the model and the loss give exceptions that name what was expected and what came. */
class BadInputTest {

    @Test
    void teacherForcingInputs() {
        Seq2SeqConfig cfg = ReferenceAgreementTest.configurations().get(5);
        try (NDManager m = NDManager.newBaseManager()) {
            Seq2SeqCase c = Seq2SeqCase.random(cfg, new Random(4), 2, 3, 3);
            AttentionSeq2SeqBlock block = c.block(m, DataType.FLOAT32, Seq2SeqCase.values(c.reference(1)));
            ParameterStore ps = new ParameterStore(m, false);
            int[][] src = {{3, 4, 5}, {3, 0, 0}};
            int[][] tgt = {{3, 4, 2}, {2, 0, 0}};
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(m.create(src),
                    m.create(new int[] {3, 1})), false), "[source [B, S], sourceLengths [B]");
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(m.create(src),
                    m.create(new int[] {3, 0}), m.create(tgt), m.create(new int[] {3, 1})), false),
                    "sourceLengths[1] must be in [1, 3], got 0");
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(m.create(src),
                    m.create(new int[] {3, 1}), m.create(tgt), m.create(new int[] {4, 1})), false),
                    "targetLengths[0] must be in [0, 3], got 4");
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(m.create(src),
                    m.create(new int[] {3, 1, 1}), m.create(tgt), m.create(new int[] {3, 1})), false),
                    "2 lengths");
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(
                    m.create(new int[][] {{3, 99, 5}, {3, 0, 0}}), m.create(new int[] {3, 1}), m.create(tgt),
                    m.create(new int[] {3, 1})), false), "[0, 7), got 99");
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(m.create(src),
                    m.create(new int[] {3, 1}), m.create(new int[][] {{3, 8, 2}, {2, 0, 0}}),
                    m.create(new int[] {3, 1})), false), "target token [0][1] must be in [0, 8), got 8");
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(
                    m.create(new float[][] {{3, 4, 5}, {3, 0, 0}}), m.create(new int[] {3, 1}), m.create(tgt),
                    m.create(new int[] {3, 1})), false), "integer token ids");
            assertMessage(IllegalArgumentException.class, () -> block.forward(ps, new NDList(m.create(src),
                    m.create(new int[] {3, 1}), m.create(new int[] {3, 4, 2}), m.create(new int[] {3, 1})), false),
                    "target [B, T]");
            assertMessage(IllegalArgumentException.class, () -> new TokenCrossEntropyLoss().evaluate(
                    new NDList(m.create(new int[][] {{3, 4}}), m.create(new int[] {2})),
                    new NDList(m.zeros(new ai.djl.ndarray.types.Shape(1, 3, 8)))), "target [B, T] matching logits");
            assertMessage(IllegalArgumentException.class, () -> new AttentionSeq2SeqBlock(null), "Seq2SeqConfig");
        }
    }
}
