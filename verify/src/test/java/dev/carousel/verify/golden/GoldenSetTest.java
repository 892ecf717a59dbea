package dev.carousel.verify.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.testing.Comparisons;
import dev.carousel.verify.vectors.ArrayLayout;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.CaseJson;
import dev.carousel.verify.vectors.CellType;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.verify.vectors.TestCaseReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed golden set ({@code vectors/golden} at the repository root) is exactly what
 * {@code carousel vectors generate} writes with the default seed, and covers the variants it promises.
 */
class GoldenSetTest {
    @TempDir
    Path tmp;

    /** The repository's vectors/golden, found from the module folder Maven runs the tests in. */
    static Path committedGoldenSet() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path golden = p.resolve("vectors").resolve("golden");
            if (Files.isDirectory(golden)) {
                return golden;
            }
        }
        throw new IllegalStateException("vectors/golden not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Inputs, parameters and upstream gradients are plain arithmetic on {@link java.util.Random} draws, so they must
     * be bit-identical; the expected outputs and gradients go through Math.exp/tanh, which the JDK lets differ by
     * an ulp between platforms, so they are compared at 1e-12 relative (far below the 1e-9 float64 tolerance).
     * On the platform that generated the set the files are byte-identical.
     */
    @Test
    void committedSetIsTheGeneratorsOutput() throws IOException {
        Path committed = committedGoldenSet();
        List<String> expectedNames = GoldenSet.definitions().stream().map(GoldenSet.Definition::name).sorted().toList();
        List<String> committedNames;
        try (Stream<Path> s = Files.list(committed)) {
            committedNames = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(expectedNames, committedNames, "the committed case folders");
        long bytes = 0;
        for (GoldenSet.Definition d : GoldenSet.definitions()) {
            Path folder = committed.resolve(d.name());
            TestCase fresh = CaseGenerator.generate(d.name(), d.config(), GoldenSet.DEFAULT_SEED);
            TestCase stored = TestCaseReader.read(folder);
            assertEquals(CaseJson.toJson(d.config()), Files.readString(folder.resolve(CaseJson.FILE_NAME)), d.name());
            assertArrayEquals(fresh.lengths(), stored.lengths(), d.name());
            ArrayLayout layout = fresh.layout();
            List<String> drawn = new java.util.ArrayList<>(layout.differentiable());
            layout.outputs().forEach(o -> drawn.add(layout.upstreamOf(o)));
            for (String name : fresh.arrays().keySet()) {
                if (drawn.contains(name)) {
                    assertEquals(fresh.array(name), stored.array(name), d.name() + " " + name);
                } else {
                    assertArrayEquals(fresh.array(name).shape(), stored.array(name).shape(), d.name() + " " + name);
                    Comparisons.assertRelativeError(stored.array(name).data(), fresh.array(name).data(), 1e-12,
                            d.name() + " " + name);
                }
            }
            bytes += Files.size(folder.resolve(CaseJson.FILE_NAME)) + Files.size(folder.resolve("arrays.npz"));
        }
        assertTrue(bytes < 3_000_000, "golden set stays small: " + bytes + " bytes");
    }

    @Test
    void generateWritesTheCommittedBytesOnThisPlatform() throws IOException {
        // the generator reproduces its own output byte for byte (fixed zip timestamps, fixed order)
        GoldenSet.generate(tmp.resolve("a"), GoldenSet.DEFAULT_SEED);
        GoldenSet.generate(tmp.resolve("b"), GoldenSet.DEFAULT_SEED);
        for (GoldenSet.Definition d : GoldenSet.definitions()) {
            for (String f : List.of(CaseJson.FILE_NAME, TestCaseReader.ARRAYS_FILE)) {
                assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(d.name()).resolve(f)),
                        Files.readAllBytes(tmp.resolve("b").resolve(d.name()).resolve(f)), d.name() + "/" + f);
            }
        }
    }

    @Test
    void coversEveryVariant() {
        List<CaseConfig> configs = GoldenSet.definitions().stream().map(GoldenSet.Definition::config).toList();
        assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.LSTM && c.peephole()));
        assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.LSTM && !c.peephole()));
        assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.LSTM && !c.forgetGate()));
        assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.LSTM && c.coupledInputForget()));
        for (dev.carousel.spec.Activation a : dev.carousel.spec.Activation.values()) {
            assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.LSTM && c.cellActivation() == a), "g " + a);
            assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.LSTM && c.outputActivation() == a),
                    "h " + a);
        }
        for (boolean after : new boolean[] {false, true}) {
            assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.GRU && c.resetAfter() == after));
            assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.GRU && c.resetAfter() == after
                    && c.variableLength()));
            assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.GRU && c.resetAfter() == after
                    && c.time() == 500));
        }
        assertTrue(configs.stream().anyMatch(c -> c.cell() == CellType.LSTM && c.time() == 500));
        assertTrue(configs.stream().anyMatch(c -> c.time() == 100) && configs.stream().anyMatch(c -> c.time() > 100
                && c.time() < 500), "both sides of the float32 tolerance step at T = 100");
    }

    @Test
    void variableLengthCasesHaveShortSequencesAndWeightsAreNotConstant() throws IOException {
        for (GoldenSet.Definition d : GoldenSet.definitions()) {
            TestCase c = TestCaseReader.read(committedGoldenSet().resolve(d.name()));
            if (d.config().variableLength()) {
                assertTrue(java.util.Arrays.stream(c.lengths()).anyMatch(l -> l < d.config().time()), d.name());
            }
            double[] w = c.array("w_hh").data();
            assertTrue(java.util.Arrays.stream(w).distinct().count() == w.length, d.name() + " w_hh all distinct");
        }
    }
}
