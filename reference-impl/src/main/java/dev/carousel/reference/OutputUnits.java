package dev.carousel.reference;

/**
 * The output layer's units and the error they are trained with, per step t over the outputs k:
 * <pre>
 *   LOGISTIC:  y_k = sigma(net_k),   E = 1/2 sum_k (d_k - y_k)^2,   dE/dnet_k = (y_k - d_k) y_k (1 - y_k)   (1997)
 *   LINEAR:    y_k = net_k,          E = 1/2 sum_k (d_k - y_k)^2,   dE/dnet_k = y_k - d_k           (regression)
 *   SOFTMAX:   y = softmax(net),     E = -sum_k d_k ln y_k,         dE/dnet_k = y_k - d_k     (d a distribution)
 * </pre>
 */
public enum OutputUnits {
    LOGISTIC,
    LINEAR,
    SOFTMAX;

    /** Activations of one step's net inputs (in place). */
    void activate(double[] net) {
        switch (this) {
            case LOGISTIC:
                for (int k = 0; k < net.length; k++) {
                    net[k] = dev.carousel.spec.Activation.sigmoid(net[k]);
                }
                break;
            case LINEAR:
                break;
            case SOFTMAX: {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : net) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int k = 0; k < net.length; k++) {
                    net[k] = Math.exp(net[k] - max);
                    sum += net[k];
                }
                for (int k = 0; k < net.length; k++) {
                    net[k] /= sum;
                }
                break;
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** dE/dnet_k of one step. */
    double dNet(double y, double d) {
        return this == LOGISTIC ? (y - d) * y * (1.0 - y) : y - d;
    }

    /** E of one step. */
    double error(double[] y, double[] d) {
        double e = 0;
        for (int k = 0; k < y.length; k++) {
            e += this == SOFTMAX ? (d[k] == 0 ? 0 : -d[k] * Math.log(y[k])) : 0.5 * (d[k] - y[k]) * (d[k] - y[k]);
        }
        return e;
    }
}
