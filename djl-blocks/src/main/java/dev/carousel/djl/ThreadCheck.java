package dev.carousel.djl;

import ai.djl.engine.Engine;
import dev.carousel.spec.NativeThreads;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once per JVM when the engine's intra-op threads oversubscribe a busy machine ({@link NativeThreads#advice}).
 * For the PyTorch engine the pool has {@code -Dai.djl.pytorch.num_threads} threads, else {@code OMP_NUM_THREADS},
 * else one per core. Called when a Carousel block is first initialised; {@code -Dcarousel.threadCheck=false} turns it
 * off.
 */
public final class ThreadCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadCheck.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private ThreadCheck() {
    }

    /** Logs the advice once, at WARN, if there is any. */
    public static void once(Engine engine) {
        if (!Boolean.parseBoolean(System.getProperty("carousel.threadCheck", "true")) || !DONE.compareAndSet(false,
                true) || engine == null || !"PyTorch".equals(engine.getEngineName())) {
            return;
        }
        NativeThreads.adviceNow(pytorchThreads(System.getProperty("ai.djl.pytorch.num_threads"),
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors()),
                "-Dai.djl.pytorch.num_threads=1").ifPresent(LOG::warn);
    }

    /** PyTorch's intra-op pool size: the DJL property, else OMP_NUM_THREADS, else the cores. */
    static int pytorchThreads(String property, String ompNumThreads, int cores) {
        for (String v : new String[] {property, ompNumThreads}) {
            if (v != null && !v.isBlank()) {
                try {
                    return Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    // not a number: PyTorch ignores it too
                }
            }
        }
        return cores;
    }
}
