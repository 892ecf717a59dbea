package dev.carousel.reference.train;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015):
 * <pre>
 *   m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 *   w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 */
public final class Adam implements Optimizer {
    private double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<Param, double[][]> moments = new IdentityHashMap<>();
    private int t;

    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8);
    }

    public Adam(double lr, double beta1, double beta2, double eps) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        this.lr = learningRate;
    }

    @Override
    public void step(ParamSet params) {
        t++;
        double c1 = 1.0 - Math.pow(beta1, t);
        double c2 = 1.0 - Math.pow(beta2, t);
        for (Param p : params) {
            double[][] mv = moments.computeIfAbsent(p, q -> new double[2][q.size()]);
            double[] m = mv[0];
            double[] v = mv[1];
            for (int k = 0; k < p.size(); k++) {
                double g = p.grad[k];
                m[k] = beta1 * m[k] + (1 - beta1) * g;
                v[k] = beta2 * v[k] + (1 - beta2) * g * g;
                p.value[k] -= lr * (m[k] / c1) / (Math.sqrt(v[k] / c2) + eps);
            }
        }
    }
}
