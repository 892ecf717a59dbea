package dev.carousel.bench.seq2seq;

import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import dev.carousel.reference.attention.train.ReferenceSeq2SeqLearner;
import dev.carousel.reference.train.Adam;
import dev.carousel.tasks.seq2seq.Seq2SeqLearner;
import dev.carousel.tasks.seq2seq.Vocabulary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** The seq2seq backends of {@code carousel seq2seq} by name: each builds the same model for a vocabulary. */
public final class Seq2SeqBackends {
    private Seq2SeqBackends() {
    }

    /** The model every backend builds (equations.md section 5). */
    public static Seq2SeqConfig config(Vocabulary v) {
        return new Seq2SeqConfig(v.size(), v.size(), Seq2SeqSetup.EMBEDDING, Seq2SeqSetup.HIDDEN, Seq2SeqSetup.HIDDEN,
                Seq2SeqConfig.CellType.GRU, Seq2SeqConfig.CellType.GRU, true, Seq2SeqConfig.DecoderType.BAHDANAU,
                Seq2SeqConfig.ScoreType.ADDITIVE, Seq2SeqSetup.HIDDEN, Seq2SeqConfig.InitMode.FROM_ENCODER,
                v.bosId(), v.eosId(), v.padId());
    }

    public static Map<String, BiFunction<Vocabulary, Long, Seq2SeqLearner<?>>> registry() {
        Map<String, BiFunction<Vocabulary, Long, Seq2SeqLearner<?>>> m = new LinkedHashMap<>();
        m.put("reference", (v, seed) -> {
            AttentionSeq2Seq model = new AttentionSeq2Seq(config(v));
            Seq2SeqInitializer.initialize(model, seed);
            return new ReferenceSeq2SeqLearner(model, new Adam(Seq2SeqSetup.LEARNING_RATE), Seq2SeqSetup.CLIP);
        });
        m.put("dl4j", (v, seed) -> new Dl4jSeq2SeqLearner(config(v), seed,
                new org.nd4j.linalg.learning.config.Adam(Seq2SeqSetup.LEARNING_RATE), Seq2SeqSetup.CLIP));
        m.put("djl", (v, seed) -> new dev.carousel.bench.seq2seq.DjlSeq2SeqLearner(config(v), seed,
                (float) Seq2SeqSetup.LEARNING_RATE, Seq2SeqSetup.CLIP));
        return m;
    }

    public static Seq2SeqLearner<?> create(String name, Vocabulary v, long seed) {
        BiFunction<Vocabulary, Long, Seq2SeqLearner<?>> f = registry().get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown implementation '" + name + "'; expected one of "
                    + registry().keySet());
        }
        return f.apply(v, seed);
    }
}
