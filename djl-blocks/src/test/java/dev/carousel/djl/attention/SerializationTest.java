package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** saveParameters / loadParameters round trip: identical logits and alphas; another configuration is refused. */
class SerializationTest {

    @Test
    void saveThenLoadGivesIdenticalOutputs() throws IOException, MalformedModelException {
        Seq2SeqConfig cfg = ReferenceAgreementTest.configurations().get(40);
        try (NDManager m = NDManager.newBaseManager()) {
            Seq2SeqCase c = Seq2SeqCase.random(cfg, new Random(5), 2, 4, 3);
            AttentionSeq2SeqBlock block = c.block(m, DataType.FLOAT32, Seq2SeqCase.values(c.reference(8)));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            AttentionSeq2SeqBlock loaded = new AttentionSeq2SeqBlock(cfg);
            loaded.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            Seq2SeqCase.Pass a = c.djlPass(block, m, false);
            Seq2SeqCase.Pass b = c.djlPass(loaded, m, false);
            assertArrayEquals(a.logits(), b.logits(), 0.0);
            assertArrayEquals(a.alphas(), b.alphas(), 0.0);
            AttentionSeq2SeqBlock other = new AttentionSeq2SeqBlock(cfg.withHiddenSizes(cfg.encoderHiddenSize(),
                    cfg.decoderHiddenSize() + 1));
            assertThrows(MalformedModelException.class, () -> other.loadParameters(m,
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        }
    }
}
