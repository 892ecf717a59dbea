package dev.carousel.verify;

import dev.carousel.spec.DType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.golden.CaseGenerator;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Verdicts of {@link Verifier} for implementations that are right, slightly off, incomplete or broken. */
class VerifierTest {
    private static final TestCase LSTM =
            CaseGenerator.generate("lstm", CaseConfig.lstm(LstmSpec.peephole(2, 3), 2, 5, true), 11L);
    private static final TestCase GRU_AFTER =
            CaseGenerator.generate("gru", CaseConfig.gru(new GruSpec(2, 3, true), 2, 5, true), 11L);
    private static final TestCase GRU_BEFORE =
            CaseGenerator.generate("gru", CaseConfig.gru(new GruSpec(2, 3, false), 2, 5, true), 11L);

    /** The reference, with its result changed by {@code edit}, claiming {@code dtypes}. */
    private static RecurrentImplementation edited(Set<DType> dtypes,
                                                  UnaryOperator<RecurrentImplementation.Result> edit) {
        return new RecurrentImplementation() {
            @Override
            public String name() {
                return "edited";
            }

            @Override
            public Set<DType> dtypes() {
                return dtypes;
            }

            @Override
            public Result run(TestCase c, DType dtype) {
                return edit.apply(new ReferenceImplementation().run(c, DType.FLOAT64));
            }
        };
    }

    private static RecurrentImplementation.Result withGradients(RecurrentImplementation.Result r,
                                                                Map<String, Tensor> grads) {
        return new RecurrentImplementation.Result(r.y(), r.hN(), r.cN(), grads);
    }

    /** A copy of t with value k scaled by (1 + rel). */
    private static Tensor perturbed(Tensor t, int k, double rel) {
        double[] d = t.data().clone();
        d[k] *= 1 + rel;
        return new Tensor(t.shape(), d);
    }

    @Test
    void referencePassesWithZeroError() {
        Verification v = Verifier.verify(LSTM, new ReferenceImplementation(), DType.FLOAT64);
        assertEquals(Verdict.PASS, v.verdict());
        assertEquals(0.0, v.forwardError());
        assertEquals(0.0, v.gradientError());
        assertEquals(1e-9, v.tolerance());
    }

    @Test
    void errorJustAboveTheToleranceFails() {
        // change the largest |y| entry by 2e-9 relative: the relative error of y is then 2e-9 > 1e-9
        double[] y = LSTM.array("y").data();
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            k = Math.abs(y[i]) > Math.abs(y[k]) ? i : k;
        }
        int kk = k;
        Verification v = Verifier.verify(LSTM, edited(Set.of(DType.FLOAT64),
                r -> new RecurrentImplementation.Result(perturbed(r.y(), kk, 2e-9), r.hN(), r.cN(),
                        r.gradients())), DType.FLOAT64);
        assertEquals(Verdict.FAIL, v.verdict());
        assertEquals(2e-9, v.forwardError(), 1e-15);
        assertTrue(v.note().contains("worst: y"), v.note());

        Verification g = Verifier.verify(LSTM, edited(Set.of(DType.FLOAT64), r -> {
            Map<String, Tensor> grads = new HashMap<>(r.gradients());
            grads.put("p_f", perturbed(grads.get("p_f"), 0, 0.5));
            return withGradients(r, grads);
        }), DType.FLOAT64);
        assertEquals(Verdict.FAIL, g.verdict());
        assertEquals("grad_p_f", g.worstGradient());
        assertEquals(0.0, g.forwardError());
    }

    @Test
    void float32ToleranceIsLooser() {
        double[] y = LSTM.array("y").data();
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            k = Math.abs(y[i]) > Math.abs(y[k]) ? i : k;
        }
        int kk = k;
        Verification v = Verifier.verify(LSTM, edited(Set.of(DType.FLOAT32),
                r -> new RecurrentImplementation.Result(perturbed(r.y(), kk, 5e-5), r.hN(), r.cN(),
                        r.gradients())), DType.FLOAT32);
        assertEquals(Verdict.PASS, v.verdict());
        assertEquals(1e-4, v.tolerance());
    }

    @Test
    void unsupportedDtypeOrVariantIsSkipped() {
        Verification v = Verifier.verify(LSTM, new ReferenceImplementation(), DType.FLOAT32);
        assertEquals(Verdict.SKIP, v.verdict());
        assertEquals("float32 not supported by reference", v.note());
        assertEquals(false, v.isFailure());
        RecurrentImplementation noPeepholes = new RecurrentImplementation() {
            @Override
            public String name() {
                return "np-only";
            }

            @Override
            public Set<DType> dtypes() {
                return Set.of(DType.FLOAT64);
            }

            @Override
            public Optional<String> unsupported(CaseConfig config) {
                return config.peephole() ? Optional.of("no peepholes") : Optional.empty();
            }

            @Override
            public Result run(TestCase c, DType dtype) {
                throw new AssertionError("must not run");
            }
        };
        Verification s = Verifier.verify(LSTM, noPeepholes, DType.FLOAT64);
        assertEquals(Verdict.SKIP, s.verdict());
        assertEquals("no peepholes", s.note());
    }

    @Test
    void missingMisshapenOrThrowingFails() {
        Verification missing = Verifier.verify(LSTM, edited(Set.of(DType.FLOAT64), r -> {
            Map<String, Tensor> grads = new HashMap<>(r.gradients());
            grads.remove("c0");
            return withGradients(r, grads);
        }), DType.FLOAT64);
        assertEquals(Verdict.FAIL, missing.verdict());
        assertEquals("returned no gradient for c0 (expected grad_c0 (2, 3))", missing.note());

        Verification noC = Verifier.verify(LSTM, edited(Set.of(DType.FLOAT64),
                r -> new RecurrentImplementation.Result(r.y(), r.hN(), null, r.gradients())), DType.FLOAT64);
        assertEquals("returned no c_n", noC.note());

        Verification shape = Verifier.verify(LSTM, edited(Set.of(DType.FLOAT64), r -> {
            Map<String, Tensor> grads = new HashMap<>(r.gradients());
            grads.put("w_ih", new Tensor(new int[] {2, 12}, new double[24]));
            return withGradients(r, grads);
        }), DType.FLOAT64);
        assertEquals("grad_w_ih: shape (2, 12), expected (12, 2)", shape.note());

        Verification threw = Verifier.verify(LSTM, edited(Set.of(DType.FLOAT64), r -> {
            throw new IllegalStateException("engine not found");
        }), DType.FLOAT64);
        assertEquals(Verdict.FAIL, threw.verdict());
        assertTrue(threw.note().contains("engine not found"), threw.note());
    }

    /** The reference's result with its two bias gradients replaced by one "b" (their value for b_ih). */
    private static RecurrentImplementation singleBias() {
        return edited(Set.of(DType.FLOAT64), r -> {
            Map<String, Tensor> grads = new HashMap<>(r.gradients());
            grads.put(RecurrentImplementation.Result.SINGLE_BIAS, grads.remove("b_ih"));
            grads.remove("b_hh");
            return withGradients(r, grads);
        });
    }

    @Test
    void oneBiasIsComparedWithBothBiasGradients() {
        // an LSTM (and a reset-before GRU) has grad_b_ih == grad_b_hh: one bias passes
        assertEquals(Verdict.PASS, Verifier.verify(LSTM, singleBias(), DType.FLOAT64).verdict());
        assertEquals(Verdict.PASS, Verifier.verify(GRU_BEFORE, singleBias(), DType.FLOAT64).verdict());
        // reset-after: b_hn sits inside the reset product, grad_b_hh differs from grad_b_ih in the n rows
        Verification v = Verifier.verify(GRU_AFTER, singleBias(), DType.FLOAT64);
        assertEquals(Verdict.FAIL, v.verdict());
        assertEquals("grad_b_hh", v.worstGradient());
    }
}
