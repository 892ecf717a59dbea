package dev.carousel.bench.seq2seq;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.carousel.djl.attention.AttentionSeq2SeqBlock;
import dev.carousel.djl.attention.Seq2SeqDecoderState;
import dev.carousel.djl.attention.Seq2SeqDecoding;
import dev.carousel.djl.attention.Seq2SeqWeights;
import dev.carousel.djl.attention.TokenCrossEntropyLoss;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.attention.Seq2SeqInitializer;
import dev.carousel.spec.decoding.StepResult;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqLearner;

/**
 * The DJL attention encoder-decoder as a {@link Seq2SeqLearner}, so the framework-neutral {@code Seq2SeqTrainer}
 * trains and evaluates it exactly as it does the reference and DL4J models. One update, through DJL's
 * {@link Trainer} (float32, CPU):
 *
 * <pre>
 *   logits  = trainer.forward(data = [source, sourceLengths], labels = [target, targetLengths])   teacher forcing
 *   loss    = TokenCrossEntropyLoss (mean over the batch's valid target tokens)
 *   g       = d loss / d w                                           (GradientCollector)
 *   g      *= min(1, maxNorm / ||g||_2)                              global-norm clipping (maxNorm &gt; 0)
 *   w       = Adam step                                              (trainer.step)
 * </pre>
 *
 * The Adam rate is whatever {@link #setLearningRate} last set (initially the constructor's): the optimiser's
 * {@link Tracker} reads it at every update, so a schedule driven by {@code Seq2SeqTrainer} applies exactly as it does
 * to the reference and DL4J learners. DJL's Adam differs from the reference's only in where epsilon enters: DJL
 * computes {@code w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}, the reference
 * {@code w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}, i.e. DJL's epsilon is effectively
 * {@code eps * sqrt(1 - b2^t)} (smaller in the first few hundred updates; eps = 1e-8 in both). DJL's own
 * {@code optClipGrad} clips every gradient element to [-c, c], not the global norm, so the clipping is done here.
 *
 * The weights start from the reference's seeded initialisation ({@link Seq2SeqInitializer}, copied one to one), so
 * a seed gives the same starting model as the reference learner. Decoding is {@link Seq2SeqDecoding}. Close it when
 * done (it owns the Model and the Trainer).
 */
public final class DjlSeq2SeqLearner implements Seq2SeqLearner<Seq2SeqDecoderState>, AutoCloseable {
    private final AttentionSeq2SeqBlock block;
    private final Model model;
    private final Trainer trainer;
    private final Seq2SeqDecoding decoding;
    private final double maxNorm;
    private double lastGradientNorm = Double.NaN;
    private volatile float learningRate;

    /**
     * @param config       the model
     * @param seed         the seed of the reference initialisation
     * @param learningRate Adam's learning rate
     * @param maxNorm      the global-norm clipping threshold, or 0 for none
     */
    public DjlSeq2SeqLearner(Seq2SeqConfig config, long seed, float learningRate, double maxNorm) {
        if (maxNorm < 0 || Double.isNaN(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be >= 0 (0: no clipping), got " + maxNorm);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        this.maxNorm = maxNorm;
        this.learningRate = learningRate;
        block = new AttentionSeq2SeqBlock(config);
        model = Model.newInstance("attention-seq2seq", Device.cpu());
        model.setBlock(block);
        DefaultTrainingConfig tc = new DefaultTrainingConfig(new TokenCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker((Tracker) update -> this.learningRate).build())
                .optDevices(new Device[] {Device.cpu()});
        trainer = model.newTrainer(tc);
        trainer.initialize(new Shape(1, 1), new Shape(1));
        AttentionSeq2Seq reference = new AttentionSeq2Seq(config);
        Seq2SeqInitializer.initialize(reference, seed);
        Seq2SeqWeights.set(block, reference.params().values());
        decoding = new Seq2SeqDecoding(block, model.getNDManager());
    }

    /** The block being trained. */
    public AttentionSeq2SeqBlock block() {
        return block;
    }

    /** The DJL trainer (its loss, metrics and parameter store). */
    public Trainer trainer() {
        return trainer;
    }

    /** The global gradient norm of the last update, before clipping. */
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    @Override
    public double trainBatch(Seq2SeqBatch batch) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList data = new NDList(sub.create(batch.source()).duplicate(),
                    sub.create(batch.sourceLengths()).duplicate());
            NDList labels = new NDList(sub.create(batch.target()).duplicate(),
                    sub.create(batch.targetLengths()).duplicate());
            double loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(data, labels);
                NDArray l = trainer.getLoss().evaluate(labels, predictions);
                gc.backward(l);
                loss = l.toType(DataType.FLOAT64, false).getDouble();
            }
            clip();
            trainer.step();
            return loss;
        }
    }

    private void clip() {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray sumSq = null;
            for (Parameter p : block.getParameters().values()) {
                NDArray g = p.getArray().getGradient();
                g.attach(sub);
                NDArray sq = g.square().sum();
                sumSq = sumSq == null ? sq : sumSq.add(sq);
            }
            lastGradientNorm = Math.sqrt(sumSq.toType(DataType.FLOAT64, false).getDouble());
        }
        if (maxNorm > 0 && lastGradientNorm > maxNorm) {
            float factor = (float) (maxNorm / lastGradientNorm);
            for (Parameter p : block.getParameters().values()) {
                try (NDArray g = p.getArray().getGradient()) {
                    g.muli(factor);
                }
            }
        }
    }

    /** Sets Adam's learning rate for the following updates (float32, as DJL's optimiser takes it). */
    @Override
    public void setLearningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + rate);
        }
        learningRate = (float) rate;
    }

    @Override
    public int bosId() {
        return decoding.bosId();
    }

    @Override
    public int eosId() {
        return decoding.eosId();
    }

    @Override
    public int targetVocabSize() {
        return decoding.targetVocabSize();
    }

    @Override
    public Seq2SeqDecoderState start(int[] source) {
        return decoding.start(source);
    }

    @Override
    public StepResult<Seq2SeqDecoderState> step(Seq2SeqDecoderState state, int prevToken) {
        return decoding.step(state, prevToken);
    }

    @Override
    public void close() {
        decoding.close();
        trainer.close();
        model.close();
    }
}
