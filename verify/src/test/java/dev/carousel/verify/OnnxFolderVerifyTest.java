package dev.carousel.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.Direction;
import dev.carousel.spec.DType;
import dev.carousel.verify.onnx.OnnxCase;
import dev.carousel.verify.onnx.OnnxCaseReader;
import dev.carousel.verify.vectors.CaseFolders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX backend-test folders as verify cases: ONNX's own LSTM/GRU node tests (expected outputs from ONNX's NumPy
 * implementation) and folders exported by {@code OnnxRecurrentExport} whose expected outputs the float64 reference
 * computed (its own reversed mode for reverse directions, independent of the verifier's reverse-within-length),
 * checked for the reference, DL4J and DJL in float64 and float32; a corrupted stored output fails; broken folders give
 * one ERROR row each while the others still run.
 */
class OnnxFolderVerifyTest {
    private static final List<String> IMPLS = List.of("reference", "dl4j", "djl");
    private static final List<DType> BOTH = List.of(DType.FLOAT64, DType.FLOAT32);

    @TempDir
    Path tmp;

    private static List<Verification> verifyAll(Path root, Implementations registry) throws Exception {
        List<Verification> rows = new ArrayList<>();
        for (Path folder : CaseFolders.find(root)) {
            String name = root.relativize(folder).toString();
            rows.addAll(OnnxVerifier.verifyFolder(folder, name.isEmpty() ? folder.getFileName().toString() : name,
                    IMPLS, registry, BOTH));
        }
        return rows;
    }

    /** Every run row PASS (forward only); the reference's float32 rows SKIP, as for every case. */
    private static void assertAllPass(List<Verification> rows) {
        for (Verification v : rows) {
            if (v.implementation().equals("reference") && v.dtype() == DType.FLOAT32) {
                assertEquals(Verdict.SKIP, v.verdict(), v.toString());
                continue;
            }
            assertEquals(Verdict.PASS, v.verdict(), v.toString());
            assertEquals(Verifier.FORWARD_ONLY, v.note(), v.toString());
            assertTrue(Double.isNaN(v.gradientError()), v.toString());
            assertNull(v.worstGradient(), v.toString());
            assertTrue(v.forwardError() <= v.tolerance(), v.toString());
        }
    }

    @Test
    void onnxNodeTestsPassForEveryImplementation() throws Exception {
        List<Verification> rows = verifyAll(OnnxFolders.root(), Implementations.discover());
        // 8 folders (one data set each) x 3 implementations x 2 dtypes: 40 PASS, 8 SKIP (the reference in float32)
        assertEquals(48, rows.size(), VerificationTable.render(rows));
        assertAllPass(rows);
        assertEquals(40, rows.stream().filter(v -> v.verdict() == Verdict.PASS).count());
        for (Verification v : rows) {
            // the stored outputs are float32 (ONNX's NumPy in float32): the float32 tolerance for every dtype
            assertEquals(1e-4, v.tolerance(), v.toString());
            assertFalse(v.caseName().contains("/"), v.caseName());
        }
        System.out.print(VerificationTable.render(rows));
    }

    @Test
    void exportedFoldersWithReferenceOutputsPassAndACorruptedOutputFails() throws Exception {
        Path root = tmp.resolve("exported");
        OnnxFolders.exported(root.resolve("lstm-bidi-t0"), true, Direction.BIDIRECTIONAL, 0, DType.FLOAT64, 1, 2);
        OnnxFolders.exported(root.resolve("lstm-reverse-b1"), true, Direction.REVERSE, 1, DType.FLOAT64, 2, 1);
        OnnxFolders.exported(root.resolve("gru-bidi-b1"), false, Direction.BIDIRECTIONAL, 1, DType.FLOAT64, 3, 1);
        OnnxFolders.exported(root.resolve("gru-forward-f32"), false, Direction.FORWARD, 0, DType.FLOAT32, 4, 1);
        Implementations registry = Implementations.discover();
        List<Verification> rows = verifyAll(root, registry);
        System.out.print(VerificationTable.render(rows));
        // (2 data sets + 3 folders of one) x 3 implementations x 2 dtypes
        assertEquals(5 * 6, rows.size(), VerificationTable.render(rows));
        assertAllPass(rows);
        assertTrue(rows.stream().anyMatch(v -> v.caseName().equals("lstm-bidi-t0/test_data_set_1")));
        assertTrue(rows.stream().anyMatch(v -> v.caseName().equals("gru-bidi-b1")));
        for (Verification v : rows) {
            if (v.caseName().startsWith("gru-forward-f32")) {
                assertEquals(1e-4, v.tolerance(), v.toString());
            } else {
                assertEquals(v.dtype().tolerance(OnnxFolders.T), v.tolerance(), v.toString());
            }
        }

        // the second direction's half of Y (reverse in the backward direction) and Y_c, corrupted: every run fails
        Path bidi = root.resolve("lstm-bidi-t0/test_data_set_0");
        int backwardHalf = OnnxFolders.B * OnnxFolders.H + 2;     // Y [T, D, B, H]: t = 0, d = 1, b = 0, k = 2
        OnnxFolders.corrupt(bidi.resolve("output_0.pb"), backwardHalf, 1.5);
        List<Verification> after = OnnxVerifier.verifyFolder(root.resolve("lstm-bidi-t0"), "lstm-bidi-t0", IMPLS,
                registry, BOTH);
        for (Verification v : after) {
            if (v.implementation().equals("reference") && v.dtype() == DType.FLOAT32) {
                continue;
            }
            if (v.caseName().endsWith("test_data_set_0")) {
                assertEquals(Verdict.FAIL, v.verdict(), v.toString());
                assertTrue(v.note().contains("worst: Y)") && v.note().endsWith(Verifier.FORWARD_ONLY), v.note());
            } else {
                assertEquals(Verdict.PASS, v.verdict(), v.toString());
            }
        }
        Path reverse = root.resolve("lstm-reverse-b1/test_data_set_0");
        OnnxFolders.corrupt(reverse.resolve("output_2.pb"), 1, 1.0);
        for (Verification v : OnnxVerifier.verifyFolder(root.resolve("lstm-reverse-b1"), "lstm-reverse-b1", IMPLS,
                registry, List.of(DType.FLOAT64))) {
            assertEquals(Verdict.FAIL, v.verdict(), v.toString());
            assertTrue(v.note().contains("worst: Y_c"), v.note());
        }
    }

    @Test
    void reverseWithinLengthIsItsOwnInverseAndKeepsPadding() {
        double[][][] a = new double[2][4][1];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                a[b][t][0] = 10 * b + t;
            }
        }
        int[] lens = {4, 2};
        double[][][] r = OnnxVerifier.reverseWithin(a, lens);
        assertEquals(List.of(3.0, 2.0, 1.0, 0.0), List.of(r[0][0][0], r[0][1][0], r[0][2][0], r[0][3][0]));
        assertEquals(List.of(11.0, 10.0, 12.0, 13.0), List.of(r[1][0][0], r[1][1][0], r[1][2][0], r[1][3][0]));
        double[][][] back = OnnxVerifier.reverseWithin(r, lens);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                assertEquals(a[b][t][0], back[b][t][0]);
            }
        }
    }

    @Test
    void brokenFoldersGiveOneErrorRowEachAndTheOthersStillRun() throws Exception {
        Path root = tmp.resolve("mixed");
        Map<String, String> broken = OnnxFolders.broken(root);
        OnnxFolders.exported(root.resolve("good-gru"), false, Direction.REVERSE, 0, DType.FLOAT64, 5, 1);
        List<Verification> rows = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> verifyAll(root, Implementations.discover()));
        System.out.print(VerificationTable.render(rows));
        assertEquals(broken.size() + 6, rows.size(), VerificationTable.render(rows));
        for (Map.Entry<String, String> e : broken.entrySet()) {
            List<Verification> mine = rows.stream().filter(v -> v.caseName().equals(e.getKey())).toList();
            assertEquals(1, mine.size(), e.getKey() + ": " + mine);
            Verification v = mine.get(0);
            assertEquals(Verdict.ERROR, v.verdict(), v.toString());
            assertTrue(v.isFailure());
            assertTrue(v.note().contains(e.getValue()), e.getKey() + ": " + v.note());
            assertFalse(v.note().contains("\n") || v.note().contains("\tat "), v.note());
        }
        assertAllPass(rows.stream().filter(v -> v.caseName().equals("good-gru")).toList());
    }

    @Test
    void readerTakesEveryInputFromTheDataSet() throws Exception {
        Path dir = OnnxFolders.exported(tmp.resolve("lstm"), true, Direction.BIDIRECTIONAL, 1, DType.FLOAT64, 9, 1);
        List<OnnxCaseReader.Entry> entries = OnnxCaseReader.read(dir, "lstm");
        assertEquals(1, entries.size());
        OnnxCase c = entries.get(0).c();
        assertEquals(OnnxFolders.B, c.batch());
        assertEquals(OnnxFolders.T, c.time());
        assertTrue(c.given() && c.variableLength());
        assertEquals(2, c.h0().length);
        assertEquals(2, c.c0().length);
        assertEquals(List.of("Y", "Y_h", "Y_c"), new ArrayList<>(c.expected().keySet()));
        assertEquals(DType.FLOAT64, c.dataType());
    }
}
