package dev.carousel.bench.harness;

import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentNetwork;
import java.util.Random;

/**
 * The 1997 paper's sequential construction for experiments 2a/2b: "a memory cell and its input gate are added once
 * the error stops decreasing". Until then the memory block is absent: its output weights are 0 and the block's
 * weights and output weights receive no updates, so the network is the input-to-output shortcut alone. The error
 * is taken to have stopped decreasing when the mean error of a window of {@link #WINDOW} sequences is no more than
 * 10 % below the previous window's; the block then joins with fresh weights, uniform in [-a, a].
 */
final class SequentialConstruction {
    static final int WINDOW = 500;
    /** The parameters of the absent block: its weights and biases, and the output units' weights from the cell. */
    static final java.util.Set<String> FROZEN = java.util.Set.of("hidden.w", "hidden.b", "out.w");
    private final RecurrentNetwork net;
    private final double initHalfWidth;
    private final Random rng;
    private boolean added;
    private int inWindow;
    private double windowSum;
    private double previousMean = Double.POSITIVE_INFINITY;

    SequentialConstruction(RecurrentNetwork net, double initHalfWidth, Random rng) {
        this.net = net;
        this.initHalfWidth = initHalfWidth;
        this.rng = rng;
        java.util.Arrays.fill(net.params().get("out.w").value, 0.0);
    }

    /** Called with the sequence's error before the update: freezes the block, or adds it on a plateau. */
    void beforeStep(double error) {
        if (added) {
            return;
        }
        for (String name : FROZEN) {
            java.util.Arrays.fill(net.params().get(name).grad, 0.0);
        }
        record(error);
    }

    /** Whether the block has joined (before: the parameters of {@link #FROZEN} must not change). */
    boolean added() {
        return added;
    }

    /**
     * Called with a sequence's error after it was trained (per-step updates, where {@link #FROZEN} was kept from
     * changing during the sequence): adds the block on a plateau.
     */
    void record(double error) {
        if (added) {
            return;
        }
        windowSum += error;
        if (++inWindow == WINDOW) {
            double mean = windowSum / WINDOW;
            if (mean > 0.9 * previousMean) {
                added = true;
                for (String name : new String[] {"hidden.w", "out.w"}) {
                    Param p = net.params().get(name);
                    for (int k = 0; k < p.size(); k++) {
                        p.value[k] = (2 * rng.nextDouble() - 1) * initHalfWidth;
                    }
                }
            }
            previousMean = mean;
            inWindow = 0;
            windowSum = 0;
        }
    }
}
