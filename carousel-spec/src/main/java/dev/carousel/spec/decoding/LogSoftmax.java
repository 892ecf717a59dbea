package dev.carousel.spec.decoding;

/**
 * log softmax(z)_v = z_v - log sum_u exp(z_u), computed with the maximum subtracted first (equations.md section 5,
 * "Output"): the log-probabilities that every {@link IncrementalDecoder} returns and that greedy and beam search
 * add up.
 */
public final class LogSoftmax {
    private LogSoftmax() {
    }

    /** The log-probabilities of {@code logits} (a new array). */
    public static double[] of(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (double z : logits) {
            sum += Math.exp(z - max);
        }
        double logSum = max + Math.log(sum);
        double[] lp = new double[logits.length];
        for (int v = 0; v < lp.length; v++) {
            lp[v] = logits[v] - logSum;
        }
        return lp;
    }
}
