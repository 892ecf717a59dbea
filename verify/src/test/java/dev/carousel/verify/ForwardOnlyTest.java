package dev.carousel.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.InvalidTestCaseException;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.verify.vectors.TestCaseReader;
import dev.carousel.verify.vectors.TestCaseWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forward-only recurrent-layer cases (no grad_ arrays, no upstream gradients): written from golden cases minus those
 * arrays, they pass for the reference, DL4J and DJL in float64 and float32 with the note "forward only" and no
 * gradient error; a corrupted one fails; a case with only some grad_ arrays is an error naming the missing ones.
 */
class ForwardOnlyTest {
    @TempDir
    Path tmp;

    private static final List<String> CASES = List.of("lstm-peephole-tanh-tanh-b4-t9-i3-h4-varlen",
            "gru-reset_after-b4-t9-i3-h4-varlen", "gru-reset_before-b3-t6-i3-h4", "lstm-np-cifg-tanh-tanh-b3-t6-i3-h4");

    /** The golden case less its grad_ and upstream arrays, written and read back. */
    private Path forwardOnly(String name, Map<String, Tensor> changes) throws IOException {
        TestCase full = TestCaseReader.read(GoldenFolders.find("golden").resolve(name));
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : full.arrays().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("grad_") && !full.layout().upstream().contains(k)) {
                arrays.put(k, changes.getOrDefault(k, e.getValue()));
            }
        }
        Path folder = tmp.resolve(name + (changes.isEmpty() ? "" : "-bad"));
        TestCaseWriter.write(new TestCase(name, full.config(), full.lengths(), arrays), folder);
        return folder;
    }

    @Test
    void forwardOnlyCasesPassForEveryImplementation() throws IOException {
        Implementations registry = Implementations.discover();
        for (String name : CASES) {
            Path folder = forwardOnly(name, Map.of());
            try (var s = Files.list(folder)) {
                assertEquals(2, s.count());
            }
            TestCase c = TestCaseReader.read(folder);
            assertTrue(c.forwardOnly(), name);
            assertFalse(c.has("dy"));
            assertFalse(c.arrays().keySet().stream().anyMatch(k -> k.startsWith("grad_")), name);
            for (String impl : List.of("reference", "dl4j", "djl")) {
                for (DType t : List.of(DType.FLOAT64, DType.FLOAT32)) {
                    Verification v = Verifier.verify(c, registry.recurrent(impl), t);
                    if (impl.equals("reference") && t == DType.FLOAT32) {
                        assertEquals(Verdict.SKIP, v.verdict());
                        continue;
                    }
                    assertEquals(Verdict.PASS, v.verdict(), v.toString());
                    assertEquals(Verifier.FORWARD_ONLY, v.note(), v.toString());
                    assertTrue(Double.isNaN(v.gradientError()), v.toString());
                    assertNull(v.worstGradient(), v.toString());
                    String row = VerificationTable.render(List.of(v)).lines().toList().get(2);
                    assertTrue(row.matches(".*PASS\\s+forward only$"), row);
                    assertTrue(row.contains(" -  "), row);
                }
            }
        }
    }

    @Test
    void aCorruptedForwardOnlyCaseFails() throws IOException {
        TestCase full = TestCaseReader.read(GoldenFolders.find("golden").resolve(CASES.get(0)));
        double[] y = full.array("h_n").data().clone();
        y[5] += 1e-6;
        TestCase c = TestCaseReader.read(forwardOnly(CASES.get(0), Map.of("h_n", new Tensor(new int[] {4, 4}, y))));
        Implementations registry = Implementations.discover();
        for (String impl : List.of("reference", "dl4j", "djl")) {
            Verification v = Verifier.verify(c, registry.recurrent(impl), DType.FLOAT64);
            assertEquals(Verdict.FAIL, v.verdict(), v.toString());
            assertTrue(v.note().contains("worst: h_n") && v.note().contains("forward only"), v.note());
        }
    }

    @Test
    void someGradientsMissingIsAnErrorNamingThem() throws IOException {
        Path folder = tmp.resolve("partial");
        Files.createDirectories(folder);
        Path golden = GoldenFolders.find("golden").resolve(CASES.get(1));
        Files.copy(golden.resolve("case.json"), folder.resolve("case.json"));
        Files.copy(golden.resolve("arrays.npz"), folder.resolve("arrays.npz"));
        BrokenZip.dropEntries(folder.resolve("arrays.npz"), List.of("grad_w_hh.npy", "grad_x.npy"));
        InvalidTestCaseException e = assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.read(folder));
        assertTrue(e.getMessage().contains("missing arrays [grad_x, grad_w_hh]"), e.getMessage());
        assertTrue(e.getMessage().contains("a forward-only case holds no grad_ array"), e.getMessage());
        // forward-only but with only some of the upstream gradients
        Files.copy(golden.resolve("arrays.npz"), folder.resolve("arrays.npz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> drop = new java.util.ArrayList<>(List.of("dh_n.npy"));
        for (String g : List.of("x", "h0", "w_ih", "w_hh", "b_ih", "b_hh")) {
            drop.add("grad_" + g + ".npy");
        }
        BrokenZip.dropEntries(folder.resolve("arrays.npz"), drop);
        e = assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.read(folder));
        assertTrue(e.getMessage().contains("missing array [dh_n]"), e.getMessage());
    }
}
