package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThreadCheckTest {
    @Test
    void pytorchPoolSizeComesFromThePropertyThenOmpThenTheCores() {
        assertEquals(3, ThreadCheck.pytorchThreads("3", "5", 8));
        assertEquals(5, ThreadCheck.pytorchThreads(null, "5", 8));
        assertEquals(5, ThreadCheck.pytorchThreads(" ", " 5 ", 8));
        assertEquals(8, ThreadCheck.pytorchThreads(null, null, 8));
        assertEquals(8, ThreadCheck.pytorchThreads("many", "", 8));
    }
}
