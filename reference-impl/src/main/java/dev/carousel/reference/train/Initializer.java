package dev.carousel.reference.train;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import dev.carousel.spec.LstmSpec;
import java.util.Random;

/**
 * Seeded parameter initialisation.
 *
 * <ul>
 *   <li>{@link #uniform}: every value from U[-a, a] (the 1997 paper: a = 0.2 for experiments 1-2, 0.1 for 3-6).</li>
 *   <li>{@link #pytorchDefault}: U[-1/sqrt(H), 1/sqrt(H)], as PyTorch's nn.LSTM / nn.GRU.</li>
 *   <li>{@link #setLstmForgetBias}: the forget-gate bias (b_ih rows f) set to a value, b_hh rows f to 0
 *       (Gers 2000; Carousel's default 1.0).</li>
 * </ul>
 */
public final class Initializer {
    private Initializer() {
    }

    public static void uniform(ParamSet params, double a, Random rng) {
        for (Param p : params) {
            for (int k = 0; k < p.size(); k++) {
                p.value[k] = (2.0 * rng.nextDouble() - 1.0) * a;
            }
        }
    }

    public static void pytorchDefault(ParamSet params, int hiddenSize, Random rng) {
        uniform(params, 1.0 / Math.sqrt(hiddenSize), rng);
    }

    public static void setLstmForgetBias(ParamSet lstmParams, int hiddenSize, double value) {
        Param bIh = lstmParams.get("b_ih");
        Param bHh = lstmParams.get("b_hh");
        for (int k = 0; k < hiddenSize; k++) {
            bIh.value[LstmSpec.F * hiddenSize + k] = value;
            bHh.value[LstmSpec.F * hiddenSize + k] = 0.0;
        }
    }
}
