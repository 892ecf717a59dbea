package dev.carousel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.OnnxRecurrentExport.OptionalInput;
import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.spec.RelativeError;
import dev.carousel.testing.RandomArrays;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Carousel → ONNX (float32) → ONNX Runtime, compared with the float64 reference on the same interchange weights:
 * Y, Y_h (and Y_c) within the float32 tolerance, with variable lengths (sequence_lens), random initial states, all
 * three directions (layout 0: ONNX Runtime's CPU kernels refuse layout 1). Then the file is imported again and must give the same spec and weights.
 */
class OrtAgreementTest {
    private static final int B = 3;
    private static final int T = 7;
    private static final int I = 4;
    private static final int H = 5;
    private static final Map<String, Double> WORST = new LinkedHashMap<>();

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            // layout 0 only: ONNX Runtime 1.20's CPU kernels refuse layout = 1 ("Batchwise recurrent operations
            // (layout == 1) are not supported"); layout 1 is checked against ONNX's own node tests instead
            out.add(Arguments.of("lstm-peephole", d, 0));
            out.add(Arguments.of("lstm-vanilla", d, 0));
            out.add(Arguments.of("gru-reset-after", d, 0));
            out.add(Arguments.of("gru-reset-before", d, 0));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} layout {2}")
    @MethodSource("cases")
    void ortAgreesWithReference(String variant, Direction direction, int layout) throws Exception {
        Random rnd = new Random(variant.hashCode() * 31L + direction.ordinal() * 7L + layout);
        boolean lstm = variant.startsWith("lstm");
        LstmSpec ls = !lstm ? null : variant.endsWith("peephole") ? LstmSpec.peephole(I, H) : LstmSpec.vanilla(I, H);
        GruSpec gs = lstm ? null : new GruSpec(I, H, variant.endsWith("after"));
        List<Map<String, double[]>> w = lstm ? Fixtures.lstm(ls, direction, rnd) : Fixtures.gru(gs, direction, rnd);
        int nD = direction.count();
        double[][][] x = RandomArrays.sequence(rnd, B, T, I, 1.0);
        int[] lens = {T, 3, 5};
        double[][][] h0 = RandomArrays.sequence(rnd, nD, B, H, 0.8);
        double[][][] c0 = lstm ? RandomArrays.sequence(rnd, nD, B, H, 0.8) : null;
        Path file = dir.resolve(variant + ".onnx");
        EnumSet<OptionalInput> opt = EnumSet.allOf(OptionalInput.class);
        if (lstm) {
            OnnxRecurrentExport.write(file, ls, direction, w, DType.FLOAT32, layout, opt);
        } else {
            OnnxRecurrentExport.write(file, gs, direction, w, DType.FLOAT32, layout, opt);
        }

        Map<String, OrtRun.Input> feed = new LinkedHashMap<>();
        feed.put("X", OrtRun.Input.of(ReferenceRun.input(x, layout), layout == 0 ? new long[] {T, B, I}
                : new long[] {B, T, I}));
        feed.put("sequence_lens", OrtRun.Input.ints(lens));
        long[] stateShape = layout == 0 ? new long[] {nD, B, H} : new long[] {B, nD, H};
        feed.put("initial_h", OrtRun.Input.of(ReferenceRun.state(h0, layout), stateShape));
        if (lstm) {
            feed.put("initial_c", OrtRun.Input.of(ReferenceRun.state(c0, layout), stateShape));
        }
        Map<String, double[]> ort = OrtRun.run(java.nio.file.Files.readAllBytes(file), feed, DType.FLOAT32);
        ReferenceRun.Outputs ref = ReferenceRun.run(ls, gs, direction, w, x, lens, h0, c0, layout);

        double tol = DType.FLOAT32.tolerance(T);
        double eY = RelativeError.of(ort.get("Y"), ref.y());
        double eH = RelativeError.of(ort.get("Y_h"), ref.yH());
        String key = variant + " " + direction.key() + " layout " + layout;
        double worst = Math.max(eY, eH);
        assertTrue(eY <= tol, key + ": Y relative error " + eY + " > " + tol);
        assertTrue(eH <= tol, key + ": Y_h relative error " + eH + " > " + tol);
        if (lstm) {
            double eC = RelativeError.of(ort.get("Y_c"), ref.yC());
            assertTrue(eC <= tol, key + ": Y_c relative error " + eC + " > " + tol);
            worst = Math.max(worst, eC);
        }
        WORST.put(key, worst);

        // padded steps are 0 in Y (ONNX and equations.md section 3 agree)
        double[] y = ort.get("Y");
        for (int t = lens[1]; t < T; t++) {
            for (int d = 0; d < nD; d++) {
                for (int j = 0; j < H; j++) {
                    assertEquals(0.0, y[((t * nD + d) * B + 1) * H + j], key + ": Y at padded step " + t);
                }
            }
        }

        // import gives the spec, direction, layout and the weights back (rounded to float32, as stored)
        OnnxRecurrentNode node = OnnxRecurrentImport.read(file);
        assertEquals(direction, node.direction());
        assertEquals(layout, node.layout());
        assertEquals(DType.FLOAT32, node.dtype());
        if (lstm) {
            assertEquals(ls, node.lstmSpec());
        } else {
            assertEquals(gs, node.gruSpec());
        }
        for (int d = 0; d < nD; d++) {
            assertEquals(w.get(d).keySet(), node.weights(d).keySet());
            for (String k : w.get(d).keySet()) {
                assertArrayEquals(toFloat(w.get(d).get(k)), node.weights(d).get(k), 0.0, key + " " + k);
            }
        }
    }

    private static double[] toFloat(double[] v) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = (float) v[k];
        }
        return out;
    }

    @AfterAll
    static void report() {
        double max = WORST.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.println("worst relative error ONNX Runtime float32 vs reference float64: " + max);
        WORST.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    }
}
