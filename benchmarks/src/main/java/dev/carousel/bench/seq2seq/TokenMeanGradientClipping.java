package dev.carousel.bench.seq2seq;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Makes DL4J's update of the attention graph use the reference learner's gradient: the gradient of the MEAN loss per
 * target token, clipped by its global L2 norm over all parameters together.
 *
 * <p>DL4J hands a listener's {@code onGradientCalculation} the flattened gradient of the loss SUMMED over the
 * batch's N valid target tokens, G = N g, before the updater; the updater then divides by the minibatch size B and
 * applies Adam. This listener rewrites G in place, before the updater sees it:
 *
 * <pre>
 *   g      = G / N                                    the reference's gradient (mean token loss)
 *   g     *= min(1, maxNorm / ||g||_2)                global norm over every parameter of the graph
 *   G     := B g                                      so that the updater's division by B leaves exactly g
 * </pre>
 *
 * DL4J's built-in {@code GradientNormalization.ClipL2PerLayer} clips each layer's gradient by that layer's own norm
 * and {@code ClipElementWiseAbsoluteValue} each element; neither is the reference's single global norm, hence this.
 * Set {@link #nextBatch} before each {@code fit}.
 */
final class TokenMeanGradientClipping extends BaseTrainingListener {
    private final double maxNorm;
    private int batchSize;
    private int tokenCount;
    private double lastNorm = Double.NaN;

    /** @param maxNorm the global-norm threshold, 0 for no clipping (the token-mean rescaling still applies) */
    TokenMeanGradientClipping(double maxNorm) {
        if (maxNorm < 0 || Double.isNaN(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be >= 0 (0: no clipping), got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    /** The sizes of the batch the next {@code fit} trains on: B examples, N valid target tokens. */
    void nextBatch(int examples, int tokens) {
        if (examples < 1 || tokens < 1) {
            throw new IllegalArgumentException("need >= 1 example and token, got " + examples + " and " + tokens);
        }
        this.batchSize = examples;
        this.tokenCount = tokens;
    }

    /** ||g||_2 of the last update's token-mean gradient, before clipping. */
    double lastGradientNorm() {
        return lastNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (tokenCount == 0) {
            throw new IllegalStateException("nextBatch(examples, tokens) was not called before fit");
        }
        INDArray summed = model.gradient().gradient();
        lastNorm = summed.norm2Number().doubleValue() / tokenCount;
        double clip = maxNorm > 0 && lastNorm > maxNorm ? maxNorm / lastNorm : 1.0;
        summed.muli(clip * batchSize / tokenCount);
        tokenCount = 0;
    }
}
