package dev.carousel.bench.seq2seq;

import dev.carousel.dl4j.attention.AttentionSeq2SeqGraph;
import dev.carousel.dl4j.attention.Dl4jAttentionSeq2Seq;
import dev.carousel.dl4j.attention.ReferenceParamImport;
import dev.carousel.dl4j.attention.Seq2SeqArrays;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.reference.attention.Seq2SeqConfig;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import dev.carousel.reference.attention.StepResult;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqLearner;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The DL4J attention encoder-decoder ({@link AttentionSeq2SeqGraph}, float32, Adam) as a {@link Seq2SeqLearner}:
 * it starts from the reference's seeded initialisation (copied with {@link ReferenceParamImport}), trains with
 * {@code ComputationGraph.fit} on one batch per update, and decodes through {@link Dl4jAttentionSeq2Seq}. DL4J's
 * loss is the cross-entropy summed over a sequence's tokens and averaged over the batch; the reported loss is
 * rescaled to the mean per token. No gradient clipping (the graph's decoder vertex takes none).
 */
final class Dl4jSeq2SeqLearner implements Seq2SeqLearner<Dl4jAttentionSeq2Seq.State> {
    private final Seq2SeqConfig cfg;
    private final ComputationGraph graph;
    private final Dl4jAttentionSeq2Seq decoder;

    Dl4jSeq2SeqLearner(Seq2SeqConfig cfg, long seed) {
        this.cfg = cfg;
        this.graph = AttentionSeq2SeqGraph.build(cfg, new Adam(Seq2SeqSetup.LEARNING_RATE), DataType.FLOAT, seed);
        AttentionSeq2Seq reference = new AttentionSeq2Seq(cfg);
        Seq2SeqInitializer.initialize(reference, seed);
        ReferenceParamImport.importParams(graph, cfg, reference.params());
        this.decoder = new Dl4jAttentionSeq2Seq(graph, cfg);
    }

    @Override
    public double trainBatch(Seq2SeqBatch batch) {
        MultiDataSet mds = Seq2SeqArrays.batch(cfg, batch.source(), batch.sourceLengths(), batch.target(),
                batch.targetLengths(), DataType.FLOAT);
        graph.fit(mds);
        return graph.score() * batch.source().length / batch.targetTokenCount();   // score: before this update
    }

    @Override
    public int bosId() {
        return decoder.bosId();
    }

    @Override
    public int eosId() {
        return decoder.eosId();
    }

    @Override
    public int targetVocabSize() {
        return decoder.targetVocabSize();
    }

    @Override
    public Dl4jAttentionSeq2Seq.State start(int[] source) {
        return decoder.start(source);
    }

    @Override
    public StepResult<Dl4jAttentionSeq2Seq.State> step(Dl4jAttentionSeq2Seq.State state, int prevToken) {
        return decoder.step(state, prevToken);
    }
}
