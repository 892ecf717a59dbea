package dev.carousel.dl4j;

import dev.carousel.spec.NativeThreads;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once per JVM when ND4J's native threads (OpenMP, one per core unless {@code OMP_NUM_THREADS} says otherwise)
 * oversubscribe a busy machine ({@link NativeThreads#advice}). Called when a Carousel layer is first instantiated;
 * {@code -Dcarousel.threadCheck=false} turns it off.
 */
public final class ThreadCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadCheck.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private ThreadCheck() {
    }

    /** Logs the advice once, at WARN, if there is any. */
    public static void once() {
        if (!Boolean.parseBoolean(System.getProperty("carousel.threadCheck", "true")) || !DONE.compareAndSet(false,
                true)) {
            return;
        }
        int threads;
        try {
            threads = Nd4j.getEnvironment().maxThreads();
        } catch (RuntimeException | LinkageError e) {
            return;   // no backend loaded yet: nothing to advise on
        }
        NativeThreads.adviceNow(threads, "OMP_NUM_THREADS=1").ifPresent(LOG::warn);
    }
}
