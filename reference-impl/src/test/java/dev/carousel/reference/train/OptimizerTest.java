package dev.carousel.reference.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import org.junit.jupiter.api.Test;

/** The optimisers against their update formulas computed by hand in the test. */
class OptimizerTest {

    private static ParamSet one(double value, double grad) {
        ParamSet ps = new ParamSet();
        Param p = ps.add(new Param("w", 1));
        p.value[0] = value;
        p.grad[0] = grad;
        return ps;
    }

    @Test
    void sgdStep() {
        ParamSet ps = one(1.0, 0.5);
        new Sgd(0.1).step(ps);
        assertEquals(0.95, ps.get("w").value[0], 1e-15);
    }

    @Test
    void adamFirstTwoSteps() {
        ParamSet ps = one(1.0, 0.5);
        Adam adam = new Adam(0.01);
        adam.step(ps);
        // step 1: m^ = g, v^ = g^2, update = lr * g / (|g| + eps)
        assertEquals(1.0 - 0.01 * 0.5 / (0.5 + 1e-8), ps.get("w").value[0], 1e-15);
        ps.get("w").grad[0] = -0.2;
        double w1 = ps.get("w").value[0];
        adam.step(ps);
        double m = 0.9 * 0.1 * 0.5 + 0.1 * -0.2;
        double v = 0.999 * 0.001 * 0.25 + 0.001 * 0.04;
        double mh = m / (1 - 0.81);
        double vh = v / (1 - 0.999 * 0.999);
        assertEquals(w1 - 0.01 * mh / (Math.sqrt(vh) + 1e-8), ps.get("w").value[0], 1e-15);
    }

    @Test
    void clippingByGlobalNorm() {
        ParamSet ps = new ParamSet();
        Param a = ps.add(new Param("a", 2));
        Param b = ps.add(new Param("b", 1));
        a.grad[0] = 3;
        a.grad[1] = 0;
        b.grad[0] = 4;                                   // norm 5
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(ps, 1.0), 1e-15);
        assertEquals(0.6, a.grad[0], 1e-15);
        assertEquals(0.8, b.grad[0], 1e-15);
        assertEquals(1.0, GradientClipping.clipByGlobalNorm(ps, 2.0), 1e-15);  // below the bound: unchanged
        assertEquals(0.6, a.grad[0], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(ps, 0));
    }
}
