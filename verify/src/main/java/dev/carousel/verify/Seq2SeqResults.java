package dev.carousel.verify;

import dev.carousel.spec.decoding.LogSoftmax;

/** Helpers the framework seq2seq adapters share. */
final class Seq2SeqResults {
    private Seq2SeqResults() {
    }

    /**
     * log-softmax of each valid step's logits [B][T][V] (computed in float64 from the implementation's logits), and 0
     * at masked target steps, as the format defines them.
     */
    static double[][][] logProbs(double[][][] logits, int[] targetLengths) {
        double[][][] out = new double[logits.length][][];
        for (int b = 0; b < logits.length; b++) {
            out[b] = new double[logits[b].length][];
            for (int t = 0; t < logits[b].length; t++) {
                out[b][t] = t < targetLengths[b] ? LogSoftmax.of(logits[b][t]) : new double[logits[b][t].length];
            }
        }
        return out;
    }

    /** − Σ over valid steps of log p_t[target_t]. */
    static double loss(double[][][] logProbs, int[][] target, int[] targetLengths) {
        double loss = 0;
        for (int b = 0; b < target.length; b++) {
            for (int t = 0; t < targetLengths[b]; t++) {
                loss -= logProbs[b][t][target[b][t]];
            }
        }
        return loss;
    }
}
