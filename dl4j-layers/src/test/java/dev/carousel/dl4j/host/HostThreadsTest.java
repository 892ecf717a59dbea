package dev.carousel.dl4j.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;

/** The OpenBLAS rule of {@link HostThreads}: when a pass may split, and when it takes OpenBLAS down to one thread. */
class HostThreadsTest {
    private static final IntSupplier MUST_NOT_TAKE_OVER = () -> {
        throw new AssertionError("OpenBLAS must not be touched here");
    };

    @Test
    void oneThreadedOpenBlasIsLeftAlone() {
        assertEquals(2, HostThreads.withBlas(2, false, 1, false, MUST_NOT_TAKE_OVER));
        assertEquals(1, HostThreads.withBlas(1, false, 4, false, MUST_NOT_TAKE_OVER), "no split wanted");
    }

    @Test
    void multiThreadedOpenBlasIsSetToOneThreadOnce() {
        AtomicInteger calls = new AtomicInteger();
        IntSupplier takeOver = () -> {
            calls.incrementAndGet();
            return 1;
        };
        assertEquals(2, HostThreads.withBlas(2, false, 2, false, takeOver));
        assertEquals(1, calls.get());
        assertEquals(3, HostThreads.withBlas(3, true, 16, false, takeOver), "a forced count too");
    }

    @Test
    void keepMeansOneBlockUnderAutoAndTheForcedCountOtherwise() {
        assertEquals(1, HostThreads.withBlas(2, false, 2, true, MUST_NOT_TAKE_OVER));
        assertEquals(2, HostThreads.withBlas(2, true, 2, true, MUST_NOT_TAKE_OVER));
    }

    @Test
    void anOpenBlasSetBackByTheApplicationOrUnknownIsNotFought() {
        assertEquals(1, HostThreads.withBlas(2, false, 2, false, () -> 2), "set back to 2 after the one take-over");
        assertEquals(1, HostThreads.withBlas(2, false, 0, false, MUST_NOT_TAKE_OVER), "unknown thread count");
    }

    @Test
    void badOpenBlasPolicyIsRefused() {
        String before = System.getProperty(HostThreads.BLAS_PROPERTY);
        try {
            System.setProperty(HostThreads.BLAS_PROPERTY, "off");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HostThreads.blocks(32, 100, 128, 512));
            assertTrue(e.getMessage().contains(HostThreads.BLAS_PROPERTY) && e.getMessage().contains("'off'")
                    && e.getMessage().contains("'keep'"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(HostThreads.BLAS_PROPERTY);
            } else {
                System.setProperty(HostThreads.BLAS_PROPERTY, before);
            }
        }
    }

    /** The real thing, on the OpenBLAS that ND4J loads (the tests run it one-threaded: made two-threaded here). */
    @Test
    void aSplittingPassSetsAMultiThreadedOpenBlasToOneThreadUnlessKept() {
        String threads = System.getProperty(HostThreads.PROPERTY);
        org.nd4j.linalg.factory.Nd4j.create(1);                             // the backend, and OpenBLAS, loaded
        int before = HostThreads.blasThreads();
        try {
            System.setProperty(HostThreads.PROPERTY, "2");
            openblas_nolapack.blas_set_num_threads(2);
            HostThreads.forgetTakeOver();
            System.setProperty(HostThreads.BLAS_PROPERTY, "keep");
            assertEquals(2, HostThreads.blocks(32, 100, 128, 512), "forced count under keep");
            assertEquals(2, HostThreads.blasThreads(), "keep leaves OpenBLAS alone");
            System.clearProperty(HostThreads.BLAS_PROPERTY);
            assertEquals(2, HostThreads.blocks(32, 100, 128, 512));
            assertEquals(1, HostThreads.blasThreads(), "the first splitting pass takes OpenBLAS to one thread");
            openblas_nolapack.blas_set_num_threads(2);                      // the application sets it back
            assertEquals(2, HostThreads.blocks(32, 100, 128, 512));
            assertEquals(2, HostThreads.blasThreads(), "a setting made after the take-over is not taken over again");
        } finally {
            openblas_nolapack.blas_set_num_threads(Math.max(1, before));
            System.clearProperty(HostThreads.BLAS_PROPERTY);
            if (threads == null) {
                System.clearProperty(HostThreads.PROPERTY);
            } else {
                System.setProperty(HostThreads.PROPERTY, threads);
            }
        }
    }
}
