package dev.carousel.reference.train;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;

/** Clipping by global norm: if ||g|| = sqrt(sum over all parameters of g^2) exceeds maxNorm, scale g by maxNorm/||g||. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** Clips in place and returns the norm before clipping. */
    public static double clipByGlobalNorm(ParamSet params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        double sq = 0;
        for (Param p : params) {
            for (double g : p.grad) {
                sq += g * g;
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (Param p : params) {
                for (int k = 0; k < p.size(); k++) {
                    p.grad[k] *= scale;
                }
            }
        }
        return norm;
    }
}
