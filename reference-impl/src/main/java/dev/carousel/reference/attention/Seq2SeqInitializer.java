package dev.carousel.reference.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.Param;
import java.util.Map;
import java.util.Random;

/**
 * Seeded initialisation of an {@link AttentionSeq2Seq}, following PyTorch's defaults:
 *
 * <pre>
 *   src_embedding, tgt_embedding      N(0, 1)                               (nn.Embedding)
 *   encoder.* cell parameters         U(-1/sqrt(H_enc), 1/sqrt(H_enc))      (nn.LSTM / nn.GRU)
 *   decoder.* cell parameters         U(-1/sqrt(H_dec), 1/sqrt(H_dec))
 *   every other matrix W [rows, cols] U(-1/sqrt(cols), 1/sqrt(cols))        (nn.Linear: fan_in = cols)
 *   its bias (b_init, attention.b, b_out) the bound of its matrix (w_init, w_q, w_out)
 *   attention.v [A]                   U(-1/sqrt(A), 1/sqrt(A))              (nn.Linear(A, 1))
 * </pre>
 *
 * Values are drawn from {@code java.util.Random(seed)} in the order of {@link AttentionSeq2Seq#params()}, so a seed
 * gives the same model on every JVM.
 */
public final class Seq2SeqInitializer {
    private Seq2SeqInitializer() {
    }

    public static void initialize(AttentionSeq2Seq model, long seed) {
        Random rnd = new Random(seed);
        Seq2SeqConfig cfg = model.config();
        Map<String, Param> all = model.params().asMap();
        for (Map.Entry<String, Param> entry : all.entrySet()) {
            String name = entry.getKey();
            Param p = entry.getValue();
            if (name.endsWith("_embedding")) {
                for (int k = 0; k < p.size(); k++) {
                    p.value[k] = rnd.nextGaussian();
                }
                continue;
            }
            double bound;
            if (name.startsWith("encoder.")) {
                bound = 1.0 / Math.sqrt(cfg.encoderHiddenSize());
            } else if (name.startsWith("decoder.") && !name.equals("decoder.w_c")) {
                bound = 1.0 / Math.sqrt(cfg.decoderHiddenSize());
            } else if (name.equals("bridge.b_init")) {
                bound = 1.0 / Math.sqrt(all.get("bridge.w_init").cols());
            } else if (name.equals("attention.b")) {
                bound = 1.0 / Math.sqrt(all.get("attention.w_q").cols());
            } else if (name.equals("output.b_out")) {
                bound = 1.0 / Math.sqrt(all.get("output.w_out").cols());
            } else {
                bound = 1.0 / Math.sqrt(p.shape().length == 1 ? p.size() : p.cols());   // matrices: fan_in; v: A
            }
            for (int k = 0; k < p.size(); k++) {
                p.value[k] = (2.0 * rnd.nextDouble() - 1.0) * bound;
            }
        }
    }
}
