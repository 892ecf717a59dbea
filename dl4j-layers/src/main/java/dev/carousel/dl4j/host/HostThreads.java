package dev.carousel.dl4j.host;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many threads the CPU fast path uses, and the threads themselves.
 *
 * <p>The recurrence of one example does not depend on another's, so a layer cuts the minibatch into
 * {@link RowBlocks} and runs each block through every time step on its own thread, forward and backward, with its
 * own per-step products (CBLAS on the block's rows) and its own pointwise work; the products over all steps at once
 * (input projection, weight gradients, dL/dx) are cut into as many slabs, one per thread
 * ({@link HostGemm#gemm(org.nd4j.linalg.api.ndarray.INDArray, org.nd4j.linalg.api.ndarray.INDArray,
 * org.nd4j.linalg.api.ndarray.INDArray, boolean, boolean, double, double, int)}).
 *
 * <p>The count ({@link #blocks}): the system property {@value #PROPERTY} (a positive integer; default
 * {@code auto}). {@code auto} takes the smallest of the JVM's available processors, the cores free for this process
 * ({@link CoreLoad}: on a machine busy with other processes a second block would wait for a core, and the pass for
 * it), and one thread per {@value #MIN_ROWS} batch rows, and 1 when a pass has less than {@value #MIN_WORK}
 * multiply-adds of per-step work (the tiny nets of the 1997 experiments, streaming with batch 1), where the
 * hand-over costs more than it saves; an inference pass also stays on one thread while a block's per-step product
 * would be below {@value #MIN_INFERENCE_BLOCK_WORK} multiply-adds.
 *
 * <p>OpenBLAS. The blocks call CBLAS at once from several threads, which only works with a one-threaded OpenBLAS:
 * a multi-threaded one queues concurrent callers on its one thread pool, and its pool threads spin for a while
 * after each call, on the cores the blocks need (measured: a split pass twice as slow). Switching OpenBLAS's thread
 * count around each pass costs 1.4-1.9 ms per switch (measured), more than a small pass takes. So the first pass
 * that splits, on an OpenBLAS with several threads, sets OpenBLAS to one thread for the rest of the JVM, once, and
 * logs it (INFO); the layers then use the cores through their own blocks and slabs. {@value #BLAS_PROPERTY}
 * {@code =keep} leaves OpenBLAS alone: {@code auto} then means one block (OpenBLAS's own threads do the products),
 * and a forced count oversubscribes. If the application sets OpenBLAS back to several threads later, Carousel
 * leaves it so and {@code auto} uses one block.
 *
 * <p>No oversubscription: the helper threads are one shared pool of (processors - 1) daemon threads; the calling
 * thread runs blocks itself and takes every block no helper has started, so a pass never waits for a helper that
 * is busy with another layer or cannot get a core, and never runs more threads than the pool holds.
 */
public final class HostThreads {
    /** System property: the number of threads of the CPU path, or {@code auto}. */
    public static final String PROPERTY = "carousel.dl4j.threads";
    /**
     * System property: {@code single} (default) lets the first splitting pass set a multi-threaded OpenBLAS to one
     * thread; {@code keep} never changes OpenBLAS's thread count.
     */
    public static final String BLAS_PROPERTY = "carousel.dl4j.openblas";
    /** Batch rows per thread at least, under {@code auto}. */
    public static final int MIN_ROWS = 4;
    /** Per-step multiply-adds of a pass (T * B * H * (width + H)) below which {@code auto} uses one thread. */
    public static final long MIN_WORK = 1L << 22;
    /**
     * Multiply-adds of one block's per-step recurrent product (rows * H * width) below which {@code auto} keeps an
     * inference pass on one thread: measured on 2 cores, 2 blocks of 16 rows at H = 128 (1M) made inference 1.1-1.4x
     * slower than one thread, 2 blocks of 32 rows at H = 512 (33M) 0.7x (results/jmh/parity-2026-12-05).
     */
    public static final long MIN_INFERENCE_BLOCK_WORK = 1L << 22;

    private static final Logger LOG = LoggerFactory.getLogger(HostThreads.class);
    private static volatile ExecutorService pool;
    private static boolean tookOverBlas;

    private HostThreads() {
    }

    /**
     * The number of row blocks for a pass of {@code batch} rows and {@code time} steps of a layer with {@code hidden}
     * units and {@code width} gate columns: the property's value (at most the batch), or the automatic choice; then
     * the OpenBLAS rule of the class comment.
     */
    public static int blocks(int batch, int time, int hidden, int width) {
        return blocks(batch, time, hidden, width, true);
    }

    /**
     * As {@link #blocks(int, int, int, int)}, for a training pass (forward for backprop, and backprop) or an
     * inference pass ({@code training} false), for which {@code auto} asks more work per block.
     */
    public static int blocks(int batch, int time, int hidden, int width, boolean training) {
        String v = System.getProperty(PROPERTY, "auto").trim();
        boolean forced = !v.equalsIgnoreCase("auto");
        int n;
        if (forced) {
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive integer or 'auto', got '"
                        + v + "'");
            }
            n = Math.min(n, batch);
        } else {
            n = auto(batch, time, hidden, width, Runtime.getRuntime().availableProcessors(), CoreLoad.freeCores(),
                    training);
        }
        return withBlas(n, forced, blasThreads(), keepBlas(), HostThreads::takeOverBlas);
    }

    private static boolean keepBlas() {
        String v = System.getProperty(BLAS_PROPERTY, "single").trim();
        if (v.equalsIgnoreCase("keep")) {
            return true;
        }
        if (v.equalsIgnoreCase("single")) {
            return false;
        }
        throw new IllegalArgumentException("-D" + BLAS_PROPERTY + " must be 'single' or 'keep', got '" + v + "'");
    }

    /**
     * The automatic choice for a machine of {@code cores} processors of which about {@code freeCores} are free for
     * this process (idle, or used by this process itself).
     */
    public static int auto(int batch, int time, int hidden, int width, int cores, double freeCores) {
        return auto(batch, time, hidden, width, cores, freeCores, true);
    }

    /** The automatic choice for a training pass, or for an inference pass ({@code training} false). */
    public static int auto(int batch, int time, int hidden, int width, int cores, double freeCores, boolean training) {
        long work = (long) time * batch * hidden * (width + hidden);
        if (work < MIN_WORK) {
            return 1;
        }
        int free = (int) Math.max(1, Math.min(cores, Math.floor(freeCores + 0.25)));
        int n = Math.max(1, Math.min(free, batch / MIN_ROWS));
        if (!training && n > 1 && (long) (batch / n) * hidden * width < MIN_INFERENCE_BLOCK_WORK) {
            return 1;
        }
        return n;
    }

    /**
     * The blocks of a pass that wants {@code n} ({@code forced}: by the property), given OpenBLAS's thread count
     * ({@code blas}, 0 when unknown), whether OpenBLAS must be kept as it is, and {@code takeOver}, which sets
     * OpenBLAS to one thread the first time it is called and returns OpenBLAS's thread count after.
     */
    static int withBlas(int n, boolean forced, int blas, boolean keep, IntSupplier takeOver) {
        if (n == 1 || blas == 1) {
            return n;
        }
        if (blas > 1 && !keep && takeOver.getAsInt() == 1) {
            return n;
        }
        return forced ? n : 1;
    }

    /** Sets OpenBLAS to one thread the first time (logged); returns OpenBLAS's thread count. */
    private static synchronized int takeOverBlas() {
        if (!tookOverBlas) {
            tookOverBlas = true;
            int before = blasThreads();
            try {
                openblas_nolapack.blas_set_num_threads(1);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Carousel DL4J layers: could not set OpenBLAS to one thread ({}); the layers stay on one "
                        + "thread", e.toString());
                return before;
            }
            LOG.info("Carousel DL4J layers: OpenBLAS set from {} threads to 1 for this JVM, so that the layers' row "
                    + "blocks and product slabs use the {} cores without oversubscription; -D{}=keep leaves OpenBLAS "
                    + "alone", before, Runtime.getRuntime().availableProcessors(), BLAS_PROPERTY);
        }
        return blasThreads();
    }

    /** Forgets the take-over, so that a test can see it happen again. */
    static synchronized void forgetTakeOver() {
        tookOverBlas = false;
    }

    /** OpenBLAS's thread count, 0 when unknown. */
    static int blasThreads() {
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
