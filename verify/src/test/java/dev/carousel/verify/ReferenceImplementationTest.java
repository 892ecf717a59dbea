package dev.carousel.verify;

import dev.carousel.spec.DType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.golden.CaseGenerator;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference adapter maps the case's arrays onto the cell and back correctly: every gradient it reports
 * (inputs, initial states, both biases, peepholes) agrees with central finite differences of the case's loss
 * Σ y·dy + Σ h_n·dh_n (+ Σ c_n·dc_n), computed through the adapter itself, in float64.
 */
class ReferenceImplementationTest {
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

    @Test
    void gradientsMatchFiniteDifferences() {
        List<CaseConfig> configs = List.of(
                CaseConfig.lstm(LstmSpec.peephole(2, 3), 3, 5, true),
                CaseConfig.lstm(LstmSpec.peephole(2, 3).withCoupledInputForget(true)
                        .withActivations(Activation.SQUASH_G1997, Activation.SQUASH_H1997), 2, 4, false),
                CaseConfig.gru(new GruSpec(2, 3, true), 3, 5, true),
                CaseConfig.gru(new GruSpec(2, 3, false), 2, 4, false));
        double h = 1e-6;
        for (CaseConfig config : configs) {
            TestCase c = CaseGenerator.generate("fd", config, 5L);
            RecurrentImplementation.Result r = new ReferenceImplementation().run(c, DType.FLOAT64);
            for (String name : c.layout().differentiable()) {
                Tensor g = r.gradients().get(name);
                assertEquals(c.expectedGradient(name), g, name);
                double scale = 0;
                for (double v : g.data()) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int k = 0; k < g.size(); k++) {
                    Map<String, Tensor> plus = new HashMap<>(c.arrays());
                    Map<String, Tensor> minus = new HashMap<>(c.arrays());
                    double[] p = c.array(name).data().clone();
                    double[] m = c.array(name).data().clone();
                    p[k] += h;
                    m[k] -= h;
                    plus.put(name, new Tensor(c.array(name).shape(), p));
                    minus.put(name, new Tensor(c.array(name).shape(), m));
                    double fd = (loss(c, plus) - loss(c, minus)) / (2 * h);
                    double err = Math.abs(fd - g.data()[k]) / Math.max(scale, 1e-12);
                    int kk = k;
                    assertTrue(err < 1e-7, () -> config.variant() + " grad_" + name + "[" + kk + "]: analytic "
                            + g.data()[kk] + " vs finite difference " + fd);
                }
            }
        }
    }

    @Test
    void discoveredThroughServiceLoader() {
        Implementations all = Implementations.discover();
        assertTrue(all.names().contains("reference"), all.names().toString());
        assertEquals(ReferenceImplementation.class, all.select(List.of("reference")).get(0).getClass());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> all.select(List.of("reference", "no-such-impl")));
        assertTrue(e.getMessage().startsWith("unknown implementation 'no-such-impl'; registered implementations: ["),
                e.getMessage());
        // the test services file also lists an implementation whose constructor throws: skipped, and reported
        assertTrue(!all.names().contains("unconstructible"), all.names().toString());
        assertEquals(1, all.unloadable().size(), all.unloadable().toString());
        assertTrue(all.unloadable().get(0).contains("UnconstructibleImplementation")
                && all.unloadable().get(0).contains("no native engine in this test"), all.unloadable().toString());
        assertTrue(e.getMessage().contains("could not load: ["), e.getMessage());
    }
}
