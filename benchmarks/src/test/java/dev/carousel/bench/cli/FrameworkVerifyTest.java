package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.verify.golden.GoldenSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code carousel verify --impl dl4j|djl} on the committed golden set, float64 (tolerance 1e-9) and float32 (1e-4,
 * 1e-3 beyond T = 100): every case of every LSTM/GRU variant passes, forward and every gradient.
 */
class FrameworkVerifyTest {

    @ParameterizedTest
    @ValueSource(strings = {"dl4j", "djl"})
    void goldenSetPasses(String impl) {
        VerifyCommandTest.Run r = VerifyCommandTest.run("verify", "--vectors", VerifyCommandTest.golden().toString(),
                "--impl", impl, "--dtype", "float64,float32");
        int n = 2 * GoldenSet.definitions().size();
        assertTrue(r.out().contains(n + " rows: " + n + " PASS, 0 FAIL, 0 SKIP, 0 ERROR"), r.out() + r.err());
        assertEquals(0, r.exit());
        for (GoldenSet.Definition d : GoldenSet.definitions()) {
            assertTrue(r.row(d.name(), "float64").contains(" " + impl + " "), d.name());
        }
    }
}
