package dev.carousel.onnx;

import dev.carousel.onnx.OnnxRecurrentExport.OptionalInput;
import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shared set-up of the DL4J and DJL one-liner tests: a float32 ONNX file, its reference and ORT outputs. */
public final class FrameworkCases {
    public static final int B = 3;
    public static final int T = 6;
    public static final int I = 4;
    public static final int H = 5;
    public static final int[] LENS = {T, 2, 4};

    /** One case: the written file, the imported node, the input x [B][T][I], reference outputs in layout 1. */
    public record Case(Path file, OnnxRecurrentNode node, double[][][] x, ReferenceRun.Outputs reference) {
    }

    private FrameworkCases() {
    }

    public static Case make(Path dir, String variant, Direction d, long seed) throws Exception {
        Random rnd = new Random(seed);
        boolean lstm = variant.startsWith("lstm");
        LstmSpec ls = !lstm ? null : variant.endsWith("peephole") ? LstmSpec.peephole(I, H) : LstmSpec.vanilla(I, H);
        GruSpec gs = lstm ? null : new GruSpec(I, H, variant.endsWith("after"));
        List<Map<String, double[]>> w = lstm ? Fixtures.lstm(ls, d, rnd) : Fixtures.gru(gs, d, rnd);
        Path file = dir.resolve(variant + "-" + d.key() + ".onnx");
        if (lstm) {
            OnnxRecurrentExport.write(file, ls, d, w, DType.FLOAT32, 0);
        } else {
            OnnxRecurrentExport.write(file, gs, d, w, DType.FLOAT32, 0);
        }
        OnnxRecurrentNode node = OnnxRecurrentImport.read(file);
        double[][][] x = RandomArrays.sequence(rnd, B, T, I, 1.0);
        // the reference on the weights as stored (float32-rounded), outputs in layout 1 ([B, T, D, H], [B, D, H])
        ReferenceRun.Outputs ref = ReferenceRun.run(node.lstmSpec(), node.gruSpec(), d, node.weights(), x, LENS,
                null, null, 1);
        return new Case(file, node, x, ref);
    }

    /** Runs an exported model (with sequence_lens and zero initial states) in ONNX Runtime; Y in layout 0. */
    public static Map<String, double[]> ort(Path file, double[][][] x, int nD, boolean lstm) throws Exception {
        Map<String, OrtRun.Input> feed = new LinkedHashMap<>();
        feed.put("X", OrtRun.Input.of(ReferenceRun.input(x, 0), T, B, I));
        feed.put("sequence_lens", OrtRun.Input.ints(LENS));
        byte[] bytes = Files.readAllBytes(file);
        boolean hasState = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("initial_h");
        if (hasState) {
            feed.put("initial_h", OrtRun.Input.of(new double[nD * B * H], nD, B, H));
            if (lstm) {
                feed.put("initial_c", OrtRun.Input.of(new double[nD * B * H], nD, B, H));
            }
        }
        return OrtRun.run(bytes, feed, DType.FLOAT32);
    }

    /** Y [T, D, B, H] (layout 0) to [B, T, D, H] (layout 1). */
    public static double[] yToBatchFirst(double[] y, int nD) {
        double[] out = new double[y.length];
        for (int t = 0; t < T; t++) {
            for (int d = 0; d < nD; d++) {
                for (int b = 0; b < B; b++) {
                    System.arraycopy(y, ((t * nD + d) * B + b) * H, out, ((b * T + t) * nD + d) * H, H);
                }
            }
        }
        return out;
    }

    /** [D, B, H] to [B, D, H]. */
    public static double[] stateToBatchFirst(double[] s, int nD) {
        double[] out = new double[s.length];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < B; b++) {
                System.arraycopy(s, (d * B + b) * H, out, (b * nD + d) * H, H);
            }
        }
        return out;
    }

    public static double[] y(ReferenceRun.Outputs o) {
        return o.y();
    }

    public static double[] yH(ReferenceRun.Outputs o) {
        return o.yH();
    }
}
