package dev.carousel.verify;

import dev.carousel.onnx.OnnxRecurrentNode;
import dev.carousel.spec.DType;
import dev.carousel.verify.onnx.OnnxCase;
import dev.carousel.verify.onnx.OnnxCaseReader;
import dev.carousel.verify.vectors.ArrayLayout;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one data set of an ONNX backend-test folder ({@link OnnxCase}) through a {@link RecurrentImplementation} and
 * compares the outputs the test stores (Y, Y_h, Y_c) with what the implementation computes. Forward only: the row
 * has no gradient error and the note {@value Verifier#FORWARD_ONLY}.
 *
 * <p>Each direction of the node is run as a forward-only Carousel case (x batch-first [B, T, I], lengths, h0/c0
 * [B, H] of that direction, the direction's interchange weights): a forward direction as it is; a reverse direction
 * (ONNX {@code reverse}, or the second half of {@code bidirectional}) by running the same forward implementation on
 * every sequence reversed within its length (steps 0..L_b-1 become L_b-1..0; padding stays at the end) and reversing
 * its y back the same way; its h_n/c_n are then the state after step 0, which is ONNX's Y_h/Y_c of that direction.
 * The directions' outputs are put together in ONNX's layout: layout 0 Y [T, D, B, H] and Y_h/Y_c [D, B, H]; layout 1
 * Y [B, T, D, H] and Y_h/Y_c [B, D, H].
 *
 * <p>Tolerance: {@link OnnxCase#tolerance(DType)}, the looser of the row's dtype and the data's precision.
 */
public final class OnnxVerifier {
    private OnnxVerifier() {
    }

    /**
     * Every row of one ONNX backend-test folder: one ERROR row (the reader's one-line message) when the model cannot
     * be imported, one per data set that cannot be read; otherwise a row per data set, implementation name and
     * dtype. A name with only a seq2seq implementation gives SKIP rows.
     *
     * @param caseName the folder's case name (data sets are {@code caseName/test_data_set_N} when there are several)
     */
    public static List<Verification> verifyFolder(Path folder, String caseName, List<String> implNames,
                                                  Implementations registry, List<DType> dtypes) {
        List<Verification> rows = new ArrayList<>();
        List<OnnxCaseReader.Entry> entries;
        try {
            entries = OnnxCaseReader.read(folder, caseName);
        } catch (OutOfMemoryError e) {
            rows.add(Verifier.unreadable(caseName, "the ONNX test does not fit in memory (raise the heap: "
                    + "JAVA_OPTS=-Xmx...)"));
            return rows;
        }
        for (OnnxCaseReader.Entry entry : entries) {
            if (entry.c() == null) {
                rows.add(Verifier.unreadable(entry.name(), entry.error()));
                continue;
            }
            OnnxCase c = entry.c();
            for (String implName : implNames) {
                RecurrentImplementation impl = registry.recurrent(implName);
                for (DType t : dtypes) {
                    try {
                        rows.add(impl == null ? noRecurrentImplementation(c, implName, t) : verify(c, impl, t));
                    } catch (OutOfMemoryError e) {
                        rows.add(row(c, implName, t, c.tolerance(t), Verdict.FAIL,
                                "ran out of memory (raise the heap: JAVA_OPTS=-Xmx...)"));
                    }
                }
            }
        }
        return rows;
    }

    /** One data set run by one implementation in one dtype, compared with the stored outputs. */
    public static Verification verify(OnnxCase c, RecurrentImplementation impl, DType dtype) {
        int time = c.time();
        double tol = c.tolerance(dtype);
        if (!impl.dtypes().contains(dtype)) {
            return row(c, impl.name(), dtype, tol, Verdict.SKIP, dtype + " not supported by " + impl.name());
        }
        Optional<String> unsupported = impl.unsupported(c.config());
        if (unsupported.isPresent()) {
            return row(c, impl.name(), dtype, tol, Verdict.SKIP, unsupported.get());
        }
        Map<String, Tensor> actual;
        try {
            actual = outputs(c, impl, dtype);
        } catch (RuntimeException | LinkageError e) {
            return row(c, impl.name(), dtype, tol, Verdict.FAIL, "threw " + e);
        }
        double forward = 0;
        String worst = null;
        for (Map.Entry<String, Tensor> e : c.expected().entrySet()) {
            Tensor a = actual.get(e.getKey());
            if (a == null) {
                return row(c, impl.name(), dtype, tol, Verdict.FAIL, "returned no " + e.getKey());
            }
            double err;
            try {
                err = a.relativeErrorTo(e.getValue());
            } catch (IllegalArgumentException ex) {
                return row(c, impl.name(), dtype, tol, Verdict.FAIL, e.getKey() + ": " + ex.getMessage());
            }
            if (worst == null || err > forward || Double.isNaN(err)) {
                forward = err;
                worst = e.getKey();
            }
        }
        return Verifier.forwardOnly(c.name(), time, impl.name(), dtype, forward, worst, tol);
    }

    /** The SKIP row of an ONNX case for a name that has only a seq2seq implementation. */
    public static Verification noRecurrentImplementation(OnnxCase c, String implName, DType dtype) {
        return row(c, implName, dtype, c.tolerance(dtype), Verdict.SKIP,
                "no recurrent-layer implementation named " + implName);
    }

    private static Verification row(OnnxCase c, String impl, DType dtype, double tol, Verdict v, String note) {
        return new Verification(c.name(), c.time(), impl, dtype, Double.NaN, Double.NaN, null, tol, v, note);
    }

    /**
     * The node's outputs computed by {@code impl} in {@code dtype}, in ONNX's layout: "Y", "Y_h" and, for an LSTM,
     * "Y_c".
     */
    public static Map<String, Tensor> outputs(OnnxCase c, RecurrentImplementation impl, DType dtype) {
        OnnxRecurrentNode node = c.node();
        int nB = c.batch();
        int nT = c.time();
        int nH = node.hiddenSize();
        int nD = node.direction().count();
        boolean lstm = node.lstmSpec() != null;
        int[] lens = c.lengths();
        CaseConfig config = c.config();
        ArrayLayout layout = new ArrayLayout(config);
        double[][][][] y = new double[nD][][][];
        double[][][] hN = new double[nD][][];
        double[][][] cN = new double[nD][][];
        for (int d = 0; d < nD; d++) {
            boolean reversed = node.direction().reversed(d);
            Map<String, Tensor> arrays = new LinkedHashMap<>();
            arrays.put("x", Tensor.of(reversed ? reverseWithin(c.x(), lens) : c.x()));
            arrays.put("h0", Tensor.of(c.h0() == null ? new double[nB][nH] : c.h0()[d]));
            if (lstm) {
                arrays.put("c0", Tensor.of(c.c0() == null ? new double[nB][nH] : c.c0()[d]));
            }
            Map<String, double[]> w = node.weights(d);
            for (String p : layout.parameters()) {
                double[] v = w.get(p);
                if (v == null) {
                    throw new IllegalStateException("the imported node has no weight '" + p + "'; it has "
                            + w.keySet());
                }
                arrays.put(p, new Tensor(layout.shape(p), v));
            }
            // the expected outputs of a case: placeholders, never compared (the ONNX outputs are compared above)
            for (String out : layout.outputs()) {
                int[] shape = layout.shape(out);
                arrays.put(out, new Tensor(shape, new double[size(shape)]));
            }
            TestCase tc = new TestCase(c.name() + " (" + (reversed ? "reverse" : "forward") + " direction)",
                    config, lens, arrays);
            RecurrentImplementation.Result r = impl.run(tc, dtype);
            if (r == null || r.y() == null || r.hN() == null || (lstm && r.cN() == null)) {
                throw new IllegalStateException(impl.name() + " returned no " + (r == null ? "result"
                        : r.y() == null ? "y" : r.hN() == null ? "h_n" : "c_n"));
            }
            check(r.y(), new int[] {nB, nT, nH}, "y");
            check(r.hN(), new int[] {nB, nH}, "h_n");
            y[d] = reversed ? reverseWithin(r.y().toArray3(), lens) : r.y().toArray3();
            hN[d] = r.hN().toArray2();
            if (lstm) {
                check(r.cN(), new int[] {nB, nH}, "c_n");
                cN[d] = r.cN().toArray2();
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        boolean batchFirst = node.layout() == 1;
        double[] yFlat = new double[nT * nD * nB * nH];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < nB; b++) {
                for (int t = 0; t < nT; t++) {
                    int off = batchFirst ? ((b * nT + t) * nD + d) * nH : ((t * nD + d) * nB + b) * nH;
                    System.arraycopy(y[d][b][t], 0, yFlat, off, nH);
                }
            }
        }
        out.put("Y", new Tensor(batchFirst ? new int[] {nB, nT, nD, nH} : new int[] {nT, nD, nB, nH}, yFlat));
        out.put("Y_h", states(hN, batchFirst));
        if (lstm) {
            out.put("Y_c", states(cN, batchFirst));
        }
        return out;
    }

    /** [D][B][H] as [D, B, H] (layout 0) or [B, D, H] (layout 1). */
    private static Tensor states(double[][][] s, boolean batchFirst) {
        int nD = s.length;
        int nB = s[0].length;
        int nH = s[0][0].length;
        double[] flat = new double[nD * nB * nH];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < nB; b++) {
                System.arraycopy(s[d][b], 0, flat, batchFirst ? (b * nD + d) * nH : (d * nB + b) * nH, nH);
            }
        }
        return new Tensor(batchFirst ? new int[] {nB, nD, nH} : new int[] {nD, nB, nH}, flat);
    }

    /**
     * Each sequence b reversed within its length: out[b][t] = a[b][L_b - 1 - t] for t &lt; L_b, the padded steps
     * t &ge; L_b copied as they are. Applying it twice gives {@code a} back.
     */
    public static double[][][] reverseWithin(double[][][] a, int[] lens) {
        double[][][] out = new double[a.length][][];
        for (int b = 0; b < a.length; b++) {
            out[b] = new double[a[b].length][];
            for (int t = 0; t < a[b].length; t++) {
                int from = t < lens[b] ? lens[b] - 1 - t : t;
                out[b][t] = a[b][from].clone();
            }
        }
        return out;
    }

    private static void check(Tensor t, int[] shape, String name) {
        if (!t.hasShape(shape)) {
            throw new IllegalStateException("returned " + name + " of shape " + Tensor.shapeString(t.shape())
                    + ", expected " + Tensor.shapeString(shape));
        }
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
