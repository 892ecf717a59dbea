package dev.carousel.spec;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Oversubscription advice for the native thread pools under the layers (ND4J's OpenMP and OpenBLAS threads, PyTorch's
 * intra-op threads). A pool of N spinning threads on a machine whose cores are already busy is 10-60 times slower
 * than one thread: each parallel region waits for the slowest thread, which waits for a core. The frameworks call
 * {@link #advice} once, when the first Carousel layer or block is initialised, and log the message it returns.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /**
     * Advice when {@code nativeThreads} threads would oversubscribe the machine: more than one native thread and
     * more runnable work (the one-minute load average, which counts this process' own busy threads too, plus the
     * pool) than {@code cores} can run.
     *
     * @param nativeThreads the pool's size (OMP_NUM_THREADS, ai.djl.pytorch.num_threads, ...)
     * @param cores         the processors available to the JVM
     * @param loadAverage   the one-minute system load average, or a negative value when unknown
     * @param howToSetOne   how the user sets one thread for this framework, e.g. "OMP_NUM_THREADS=1"
     * @return the one-line advice, or empty when the setting is fine or the load is unknown
     */
    public static Optional<String> advice(int nativeThreads, int cores, double loadAverage, String howToSetOne) {
        if (nativeThreads <= 1 || loadAverage < 0 || cores <= 0) {
            return Optional.empty();
        }
        double demand = loadAverage + nativeThreads;
        if (demand <= cores + 0.5) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "Carousel: %d native threads on %d cores with a load average of %.1f oversubscribe the machine "
                        + "(each parallel step waits for a busy core; typically 10-60x slower). Set %s, or use "
                        + "fewer threads than idle cores; see docs/dl4j-layers.md and docs/djl-blocks.md, "
                        + "\"Threads\".", nativeThreads, cores, loadAverage, howToSetOne));
    }

    /** {@link #advice} for this machine now: the JVM's available processors and the system load average. */
    public static Optional<String> adviceNow(int nativeThreads, String howToSetOne) {
        return advice(nativeThreads, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), howToSetOne);
    }
}
