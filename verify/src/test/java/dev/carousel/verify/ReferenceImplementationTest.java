package dev.carousel.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.Activation;
import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.Comparisons;
import dev.carousel.testing.FiniteDifference;
import dev.carousel.verify.golden.CaseGenerator;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reference adapter's plumbing (service discovery; the shapes and names of what it returns; its gradients agree
 * with central finite differences of its own forward pass), and the independent check of the committed golden
 * vectors: {@code vectors/check_with_numpy.py}, which recomputes every case with NumPy alone (no Carousel code),
 * run when a python3 with NumPy is installed (Debian: {@code apt-get install python3-numpy}), skipped otherwise.
 */
class ReferenceImplementationTest {
    private static final List<CaseConfig> CONFIGS = List.of(
            CaseConfig.lstm(LstmSpec.peephole(2, 3), 3, 5, true),
            CaseConfig.lstm(LstmSpec.peephole(2, 3).withCoupledInputForget(true)
                    .withActivations(Activation.SQUASH_G1997, Activation.SQUASH_H1997), 2, 4, false),
            CaseConfig.gru(new GruSpec(2, 3, true), 3, 5, true),
            CaseConfig.gru(new GruSpec(2, 3, false), 2, 4, false));

    @Test
    void discoveredThroughServiceLoader() {
        Implementations all = Implementations.discover();
        assertTrue(all.names().contains("reference"), all.names().toString());
        assertEquals(ReferenceImplementation.class, all.select(List.of("reference")).get(0).getClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> all.select(List.of("reference", "no-such-impl")));
        assertTrue(e.getMessage().startsWith("unknown implementation 'no-such-impl'; registered implementations: ["),
                e.getMessage());
        // the test services file also lists an implementation whose constructor throws: skipped, and reported
        assertFalse(all.names().contains("unconstructible"), all.names().toString());
        assertEquals(1, all.unloadable().size(), all.unloadable().toString());
        assertTrue(all.unloadable().get(0).contains("UnconstructibleImplementation")
                && all.unloadable().get(0).contains("no native engine in this test"), all.unloadable().toString());
        assertTrue(e.getMessage().contains("could not load: ["), e.getMessage());
    }

    @Test
    void resultsHaveTheNamesAndShapesOfTheCase() {
        for (CaseConfig config : CONFIGS) {
            TestCase c = CaseGenerator.generate("shapes", config, 3L);
            RecurrentImplementation.Result r = new ReferenceImplementation().run(c, DType.FLOAT64);
            String what = config.variant();
            assertArrayEquals(c.array("y").shape(), r.y().shape(), what + " y");
            assertArrayEquals(c.array("h_n").shape(), r.hN().shape(), what + " h_n");
            if (c.arrays().containsKey("c_n")) {
                assertArrayEquals(c.array("c_n").shape(), r.cN().shape(), what + " c_n");
            } else {
                assertNull(r.cN(), what + ": a GRU has no c_n");
            }
            assertEquals(new java.util.HashSet<>(c.layout().differentiable()), r.gradients().keySet(),
                    what + " gradient names");
            for (String name : c.layout().differentiable()) {
                assertArrayEquals(c.array(name).shape(), r.gradients().get(name).shape(), what + " grad_" + name);
            }
        }
    }

    private static double loss(TestCase c, Map<String, Tensor> arrays) {
        RecurrentImplementation.Result r = ReferenceImplementation.compute(c.config(), c.lengths(), arrays);
        double l = dot(r.y(), arrays.get("dy")) + dot(r.hN(), arrays.get("dh_n"));
        if (r.cN() != null) {
            l += dot(r.cN(), arrays.get("dc_n"));
        }
        return l;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.size(); k++) {
            s += a.data()[k] * b.data()[k];
        }
        return s;
    }

    /**
     * The adapter maps the case's arrays onto the cell and back: every gradient it reports (inputs, initial states,
     * both biases, peepholes) agrees with float64 central differences of the case's loss
     * sum(y dy) + sum(h_n dh_n) (+ sum(c_n dc_n)) through the adapter's forward pass.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        for (CaseConfig config : CONFIGS) {
            TestCase c = CaseGenerator.generate("fd", config, 5L);
            RecurrentImplementation.Result r = new ReferenceImplementation().run(c, DType.FLOAT64);
            for (String name : c.layout().differentiable()) {
                int[] shape = c.array(name).shape();
                double[] numeric = FiniteDifference.gradient(v -> {
                    Map<String, Tensor> arrays = new HashMap<>(c.arrays());
                    arrays.put(name, new Tensor(shape, v));
                    return loss(c, arrays);
                }, c.array(name).data());
                Comparisons.assertRelativeError(numeric, r.gradients().get(name).data(), 1e-7,
                        config.variant() + " grad_" + name + " (finite differences against the adapter's gradient)");
            }
        }
    }

    /** A python3 that imports numpy: /usr/bin/python3 first (Debian's python3-numpy), then python3 on the PATH. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("vectors").resolve("check_with_numpy.py"))) {
                return p;
            }
        }
        throw new IllegalStateException("vectors/check_with_numpy.py not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void numpyRecomputesEveryGoldenVector() throws Exception {
        Path root = repositoryRoot();
        Path golden = root.resolve("vectors").resolve("golden");
        long cases;
        try (Stream<Path> s = Files.walk(golden)) {
            cases = s.filter(p -> p.getFileName().toString().equals("case.json")).count();
        }
        assertTrue(cases > 0, "no case.json under " + golden);
        NumpyCheck.assertEveryCasePasses(root, "check_with_numpy.py", golden, cases, 10);
    }
}
