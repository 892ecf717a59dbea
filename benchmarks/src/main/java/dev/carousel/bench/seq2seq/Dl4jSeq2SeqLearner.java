package dev.carousel.bench.seq2seq;

import dev.carousel.dl4j.attention.AttentionSeq2SeqGraph;
import dev.carousel.dl4j.attention.Dl4jAttentionSeq2Seq;
import dev.carousel.dl4j.attention.Seq2SeqParamImport;
import dev.carousel.dl4j.attention.Seq2SeqArrays;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import dev.carousel.spec.decoding.StepResult;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqLearner;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The DL4J attention encoder-decoder ({@link AttentionSeq2SeqGraph}, float32) as a {@link Seq2SeqLearner}, one update
 * per {@code ComputationGraph.fit} on one batch, with the reference learner's semantics:
 *
 * <pre>
 *   L  = (1 / N) sum over the batch's N valid target tokens of -log p        (reported; DL4J's score is N L / B)
 *   g  = dL/dw, clipped to global L2 norm maxNorm over all parameters      ({@link TokenMeanGradientClipping})
 *   w  = updater step (Adam), learning rate = the last {@link #setLearningRate}
 * </pre>
 *
 * It starts from the reference's seeded initialisation (copied with {@link Seq2SeqParamImport}) and decodes through
 * {@link Dl4jAttentionSeq2Seq}. DL4J's Adam puts epsilon where DJL's does ({@code lr * sqrt(1 - b2^t) / (1 - b1^t) *
 * m / (sqrt(v) + eps)}); the reference divides by {@code sqrt(v / (1 - b2^t)) + eps}.
 */
final class Dl4jSeq2SeqLearner implements Seq2SeqLearner<Dl4jAttentionSeq2Seq.State> {
    private final Seq2SeqConfig cfg;
    private final ComputationGraph graph;
    private final Dl4jAttentionSeq2Seq decoder;
    private final TokenMeanGradientClipping clipping;

    /**
     * @param cfg     the model
     * @param seed    the seed of the reference initialisation (and of the graph)
     * @param updater e.g. {@code new Adam(1e-2)}; its rate is replaced by {@link #setLearningRate}
     * @param maxNorm the global-norm clipping threshold, 0 for none
     */
    Dl4jSeq2SeqLearner(Seq2SeqConfig cfg, long seed, IUpdater updater, double maxNorm) {
        this.cfg = cfg;
        this.graph = AttentionSeq2SeqGraph.build(cfg, updater, DataType.FLOAT, seed);
        AttentionSeq2Seq reference = new AttentionSeq2Seq(cfg);
        Seq2SeqInitializer.initialize(reference, seed);
        Seq2SeqParamImport.importParams(graph, cfg, reference.params().values());
        this.clipping = new TokenMeanGradientClipping(maxNorm);
        graph.setListeners(clipping);
        this.decoder = new Dl4jAttentionSeq2Seq(graph, cfg);
    }

    /** The trained graph. */
    ComputationGraph graph() {
        return graph;
    }

    /** The global norm of the last update's token-mean gradient, before clipping. */
    double lastGradientNorm() {
        return clipping.lastGradientNorm();
    }

    @Override
    public double trainBatch(Seq2SeqBatch batch) {
        MultiDataSet mds = Seq2SeqArrays.batch(cfg, batch.source(), batch.sourceLengths(), batch.target(),
                batch.targetLengths(), DataType.FLOAT);
        clipping.nextBatch(batch.source().length, batch.targetTokenCount());
        graph.fit(mds);
        return graph.score() * batch.source().length / batch.targetTokenCount();   // score: before this update
    }

    /** Sets the rate of every updater block of the graph (the layers' and the decoder vertex's parameters). */
    @Override
    public void setLearningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + rate);
        }
        for (UpdaterBlock block : graph.getUpdater().getUpdaterBlocks()) {
            block.getGradientUpdater().getConfig().setLrAndSchedule(rate, null);
        }
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
