package dev.carousel.verify.vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one test case folder ({@code case.json} and {@code arrays.npz}, test-vectors.md) and checks everything:
 * the keys and values of {@code case.json} ({@link CaseJson}); that {@code arrays.npz} holds exactly the arrays of
 * the case's {@link ArrayLayout}, none missing and none unknown; each array's dtype (float64, {@code lengths}
 * int64 or int32) and shape, checked against the case BEFORE the array's data is read; that each array's data fills
 * its zip entry exactly and matches the entry's CRC-32; no NaN or infinity; lengths in [0, T]. Any problem is an
 * {@link InvalidTestCaseException} naming the file, the array or key, what was expected and what came.
 *
 * <p>The npz container may be plain (NumPy's {@code savez}) or deflated ({@code savez_compressed}); arrays must be
 * C-ordered (NumPy's default).
 */
public final class TestCaseReader {
    public static final String ARRAYS_FILE = "arrays.npz";

    private TestCaseReader() {
    }

    /** Whether {@code folder} looks like a test case (it holds a case.json or an arrays.npz). */
    public static boolean isCaseFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(CaseJson.FILE_NAME))
                || Files.isRegularFile(folder.resolve(ARRAYS_FILE));
    }

    /**
     * Reads and validates the recurrent-layer case in {@code folder}; the case's name is the folder's name. A
     * seq2seq case is refused with a message (read it with {@link #readAny}).
     */
    public static TestCase read(Path folder) throws IOException {
        VectorCase c = readAny(folder);
        if (c instanceof TestCase t) {
            return t;
        }
        throw new InvalidTestCaseException(folder.resolve(CaseJson.FILE_NAME), "a seq2seq case (\"kind\": "
                + "\"seq2seq\"), not a recurrent-layer case");
    }

    /**
     * Reads and validates the case in {@code folder}, a recurrent-layer case ({@link TestCase}) or a seq2seq case
     * ({@link Seq2SeqTestCase}, {@code "kind": "seq2seq"} in {@code case.json}); its name is the folder's name.
     */
    public static VectorCase readAny(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new InvalidTestCaseException(folder, "not a folder (a test case is a folder holding "
                    + CaseJson.FILE_NAME + " and " + ARRAYS_FILE + ")");
        }
        VectorConfig any = CaseJson.readAny(folder.resolve(CaseJson.FILE_NAME));
        Path npz = folder.resolve(ARRAYS_FILE);
        if (!Files.isRegularFile(npz)) {
            throw new InvalidTestCaseException(npz, "file not found (every case folder needs an " + ARRAYS_FILE + ")");
        }
        if (any instanceof Seq2SeqCaseConfig s2s) {
            return Seq2SeqCaseReader.read(folder, s2s, npz);
        }
        CaseConfig config = (CaseConfig) any;
        checkSizes(config, folder.resolve(CaseJson.FILE_NAME));
        ArrayLayout layout = new ArrayLayout(config);
        Set<String> expected = layout.shapes().keySet();
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        int[] lengths;
        try (NpzReader reader = new NpzReader(npz)) {
            Set<String> present = reader.names();
            List<String> required = layout.required(present);
            List<String> missing = new ArrayList<>();
            for (String name : required) {
                if (!present.contains(name)) {
                    missing.add(name);
                }
            }
            for (String name : present) {
                if (!expected.contains(name)) {
                    throw new InvalidTestCaseException(npz, "unknown array '" + name + "' for a " + config.variant()
                            + " case; expected arrays: " + expected);
                }
            }
            if (!missing.isEmpty()) {
                throw new InvalidTestCaseException(npz, "missing array" + (missing.size() > 1 ? "s " : " ")
                        + missing + " for a " + config.variant() + " case; expected arrays: " + required
                        + forwardOnlyHint(layout, present));
            }
            lengths = readLengths(reader, npz, layout.shape(ArrayLayout.LENGTHS));
            for (String name : required) {
                if (!name.equals(ArrayLayout.LENGTHS)) {
                    int[] shape = layout.shape(name);
                    arrays.put(name, new Tensor(shape, reader.readFloat64(name, shape)));
                }
            }
        }
        try {
            return new TestCase(folder.getFileName().toString(), config, lengths, arrays);
        } catch (IllegalArgumentException e) {
            throw new InvalidTestCaseException(npz, e.getMessage(), e);
        }
    }

    /** Why arrays are missing, when the case mixes a forward-only and a full case. */
    static String forwardOnlyHint(ArrayLayout layout, Set<String> present) {
        if (ArrayLayout.isForwardOnly(present)) {
            return " (a forward-only case, without grad_ arrays, holds all of the upstream gradients "
                    + layout.upstream() + " or none)";
        }
        return " (a case with any grad_ array must hold all of them and the upstream gradients "
                + layout.upstream() + "; a forward-only case holds no grad_ array)";
    }

    /**
     * Refuses a case whose arrays could not be held at all (a dimension or a size past what a Java array holds),
     * before any array is read.
     */
    private static void checkSizes(CaseConfig c, Path json) throws InvalidTestCaseException {
        long limit = Integer.MAX_VALUE - 8;
        long gateRows = (long) c.cell().gates() * c.hidden();
        long[][] shapes = {
            {c.batch(), c.time(), c.input()}, {c.batch(), c.time(), c.hidden()}, {gateRows, c.input()},
            {gateRows, c.hidden()}};
        String[] names = {"x", "y", "w_ih", "w_hh"};
        for (int k = 0; k < shapes.length; k++) {
            long n = 1;
            for (long d : shapes[k]) {
                n = d > 0 && n > limit / d ? limit + 1 : n * d;
            }
            if (n > limit) {
                throw new InvalidTestCaseException(json, "the case is too large: array '" + names[k]
                        + "' would have shape " + NpzReader.shapeString(shapes[k]) + ", more than the " + limit
                        + " values a Java array holds");
            }
        }
    }

    private static int[] readLengths(NpzReader reader, Path npz, int[] shape) throws InvalidTestCaseException {
        long[] l = reader.readIntegers(ArrayLayout.LENGTHS, shape);
        int[] lengths = new int[l.length];
        for (int k = 0; k < l.length; k++) {
            if (l[k] < Integer.MIN_VALUE || l[k] > Integer.MAX_VALUE) {
                throw new InvalidTestCaseException(npz, "array 'lengths': lengths[" + k + "] = " + l[k]
                        + " is out of range");
            }
            lengths[k] = (int) l[k];
        }
        return lengths;
    }
}
