package dev.carousel.dl4j.host;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * How many threads the CPU fast path's time loops use, and the threads themselves.
 *
 * <p>The recurrence of one example does not depend on another's, so a layer cuts the minibatch into
 * {@link RowBlocks} and runs each block through every time step on its own thread, forward and backward, with its
 * own per-step products (CBLAS on the block's rows) and its own pointwise work; the products over all steps at once
 * (input projection, weight gradients, dL/dx) stay single large products on the calling thread.
 *
 * <p>The count ({@link #blocks}): the system property {@value #PROPERTY} (a positive integer; default
 * {@code auto}). {@code auto} splits only when OpenBLAS runs on one thread ({@code OMP_NUM_THREADS=1} or
 * {@code OPENBLAS_NUM_THREADS=1}): concurrent callers of a multi-threaded OpenBLAS compete for its one thread pool,
 * and switching OpenBLAS to one thread around a pass costs milliseconds ({@code openblas_set_num_threads}, measured
 * 3-4 ms per switch), more than a small pass takes. Then it takes the smallest of the JVM's available processors,
 * the cores free for this process ({@link CoreLoad}: on a machine busy with other processes a second block would
 * wait for a core, and the pass for it), and one thread per {@value #MIN_ROWS} batch rows, and 1 when a pass has less than {@value #MIN_WORK} multiply-adds of
 * per-step work (the tiny nets of the 1997 experiments, streaming with batch 1), where the hand-over costs more than
 * it saves. With OpenBLAS on several threads, {@code auto} is 1 and the per-step products use OpenBLAS's threads.
 *
 * <p>No oversubscription: the helper threads are one shared pool of (processors - 1) daemon threads; the calling
 * thread runs blocks itself and takes every block no helper has started, so a pass never waits for a helper that
 * is busy with another layer or cannot get a core, and never runs more threads than the pool holds.
 */
public final class HostThreads {
    /** System property: the number of threads of the CPU path's time loops, or {@code auto}. */
    public static final String PROPERTY = "carousel.dl4j.threads";
    /** Batch rows per thread at least, under {@code auto}. */
    public static final int MIN_ROWS = 4;
    /** Per-step multiply-adds of a pass (T * B * H * (width + H)) below which {@code auto} uses one thread. */
    public static final long MIN_WORK = 1L << 22;

    private static volatile ExecutorService pool;

    private HostThreads() {
    }

    /**
     * The number of row blocks for a pass of {@code batch} rows and {@code time} steps of a layer with {@code hidden}
     * units and {@code width} gate columns: the property's value (at most the batch), or the automatic choice.
     */
    public static int blocks(int batch, int time, int hidden, int width) {
        String v = System.getProperty(PROPERTY, "auto").trim();
        if (!v.equalsIgnoreCase("auto")) {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive integer or 'auto', got '"
                        + v + "'");
            }
            return Math.min(n, batch);
        }
        return auto(batch, time, hidden, width, Runtime.getRuntime().availableProcessors(), blasThreads(),
                CoreLoad.freeCores());
    }

    /**
     * The automatic choice for a machine of {@code cores} processors with OpenBLAS on {@code blasThreads}, of which
     * about {@code freeCores} are free for this process (idle, or used by this process itself).
     */
    public static int auto(int batch, int time, int hidden, int width, int cores, int blasThreads, double freeCores) {
        long work = (long) time * batch * hidden * (width + hidden);
        if (work < MIN_WORK || blasThreads != 1) {
            return 1;
        }
        int free = (int) Math.max(1, Math.min(cores, Math.floor(freeCores + 0.25)));
        return Math.max(1, Math.min(free, batch / MIN_ROWS));
    }

    private static int blasThreads() {
        try {
            return openblas_nolapack.blas_get_num_threads();
        } catch (RuntimeException | LinkageError e) {
            return 0;   // unknown: do not split
        }
    }

    /**
     * Runs {@code body} for every block 0..count-1 and returns when all are done,
     * rethrowing the first failure. The calling thread takes part; with one block it runs alone.
     */
    public static void run(int count, IntConsumer body) {
        if (count == 1) {
            body.accept(0);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < count; b = next.getAndIncrement()) {
                try {
                    body.accept(b);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        try {
            ExecutorService helpers = pool();
            int wanted = count - 1;
            for (int i = 0; i < wanted && helpers != null; i++) {
                helpers.execute(worker);
            }
            worker.run();
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the time loop's row blocks", e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared helper pool (processors - 1 daemon threads), or null on a single processor. */
    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (HostThreads.class) {
                p = pool;
                int n = Runtime.getRuntime().availableProcessors() - 1;
                if (p == null && n >= 1) {
                    AtomicInteger id = new AtomicInteger();
                    ThreadPoolExecutor e = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, "carousel-dl4j-rows-" + id.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    e.allowCoreThreadTimeOut(true);
                    pool = e;
                    p = e;
                }
            }
        }
        return p;
    }
}
