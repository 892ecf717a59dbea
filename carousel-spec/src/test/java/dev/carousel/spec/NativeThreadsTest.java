package dev.carousel.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {
    @Test
    void oneThreadOrAnIdleMachineNeedsNoAdvice() {
        assertEquals(Optional.empty(), NativeThreads.advice(1, 2, 9.0, "OMP_NUM_THREADS=1"));
        assertEquals(Optional.empty(), NativeThreads.advice(2, 2, 0.3, "OMP_NUM_THREADS=1"));
        assertEquals(Optional.empty(), NativeThreads.advice(8, 16, 4.0, "OMP_NUM_THREADS=1"));
        assertEquals(Optional.empty(), NativeThreads.advice(2, 2, -1.0, "OMP_NUM_THREADS=1"), "unknown load");
    }

    @Test
    void aBusyMachineGetsOneLineNamingTheSettingAndTheNumbers() {
        Optional<String> a = NativeThreads.advice(2, 2, 1.2, "OMP_NUM_THREADS=1");
        assertTrue(a.isPresent());
        assertEquals("Carousel: 2 native threads on 2 cores with a load average of 1.2 oversubscribe the machine "
                + "(each parallel step waits for a busy core; typically 10-60x slower). Set OMP_NUM_THREADS=1, or "
                + "use fewer threads than idle cores; see docs/dl4j-layers.md and docs/djl-blocks.md, \"Threads\".",
                a.get());
        assertTrue(NativeThreads.advice(8, 4, 0.0, "-Dai.djl.pytorch.num_threads=1").isPresent(),
                "more threads than cores");
    }
}
