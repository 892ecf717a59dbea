package dev.carousel.verify.vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpzFile;

/**
 * Reads one test case folder ({@code case.json} and {@code arrays.npz}, test-vectors.md) and checks everything:
 * the keys and values of {@code case.json} ({@link CaseJson}); that {@code arrays.npz} holds exactly the arrays of
 * the case's {@link ArrayLayout}, none missing and none unknown; each array's dtype (float64, {@code lengths}
 * int64 or int32) and shape; no NaN or infinity; lengths in [0, T]. Any problem is an
 * {@link InvalidTestCaseException} naming the file, the array or key, what was expected and what came.
 *
 * <p>The npz container may be plain (NumPy's {@code savez}) or deflated ({@code savez_compressed}); arrays must be
 * C-ordered (NumPy's default).
 */
public final class TestCaseReader {
    public static final String ARRAYS_FILE = "arrays.npz";

    /** Largest chunk the npz reader reads at once. */
    private static final int READ_BUFFER = 1 << 20;

    private TestCaseReader() {
    }

    /** Whether {@code folder} looks like a test case (it holds a case.json or an arrays.npz). */
    public static boolean isCaseFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(CaseJson.FILE_NAME))
                || Files.isRegularFile(folder.resolve(ARRAYS_FILE));
    }

    /** Reads and validates the case in {@code folder}; the case's name is the folder's name. */
    public static TestCase read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new InvalidTestCaseException(folder, "not a folder (a test case is a folder holding "
                    + CaseJson.FILE_NAME + " and " + ARRAYS_FILE + ")");
        }
        CaseConfig config = CaseJson.read(folder.resolve(CaseJson.FILE_NAME));
        Path npz = folder.resolve(ARRAYS_FILE);
        if (!Files.isRegularFile(npz)) {
            throw new InvalidTestCaseException(npz, "file not found (every case folder needs an " + ARRAYS_FILE + ")");
        }
        ArrayLayout layout = new ArrayLayout(config);
        Set<String> expected = layout.shapes().keySet();
        Set<String> present = entryNames(npz);
        List<String> missing = new ArrayList<>();
        for (String name : expected) {
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
                    + missing + " for a " + config.variant() + " case; expected arrays: " + expected);
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        int[] lengths;
        try (NpzFile.Reader reader = NpzFile.read(npz)) {
            lengths = readLengths(reader, npz, layout.shape(ArrayLayout.LENGTHS));
            for (String name : expected) {
                if (!name.equals(ArrayLayout.LENGTHS)) {
                    arrays.put(name, readFloat64(reader, npz, name, layout.shape(name)));
                }
            }
        }
        try {
            return new TestCase(folder.getFileName().toString(), config, lengths, arrays);
        } catch (IllegalArgumentException e) {
            throw new InvalidTestCaseException(npz, e.getMessage(), e);
        }
    }

    /** The array names in an npz file: its entries, less the ".npy" suffix. */
    private static Set<String> entryNames(Path npz) throws InvalidTestCaseException {
        Set<String> names = new LinkedHashSet<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String entry = en.nextElement().getName();
                if (!entry.endsWith(".npy")) {
                    throw new InvalidTestCaseException(npz, "entry '" + entry + "' is not an .npy array "
                            + "(an npz file holds one <name>.npy per array)");
                }
                names.add(entry.substring(0, entry.length() - ".npy".length()));
            }
        } catch (ZipException e) {
            throw new InvalidTestCaseException(npz, "not an npz (zip) file: " + e.getMessage(), e);
        } catch (InvalidTestCaseException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidTestCaseException(npz, "cannot read: " + e, e);
        }
        return names;
    }

    private static NpyArray get(NpzFile.Reader reader, Path npz, String name, int[] shape)
            throws InvalidTestCaseException {
        try {
            return reader.get(name, READ_BUFFER);
        } catch (RuntimeException e) {
            throw new InvalidTestCaseException(npz, "array '" + name + "': cannot read it (" + e.getMessage()
                    + "); expected a C-ordered " + (name.equals(ArrayLayout.LENGTHS) ? "int64" : "float64")
                    + " array of shape " + Tensor.shapeString(shape), e);
        }
    }

    private static Tensor readFloat64(NpzFile.Reader reader, Path npz, String name, int[] shape)
            throws InvalidTestCaseException {
        NpyArray a = get(reader, npz, name, shape);
        if (!(a.getData() instanceof double[] data)) {
            throw new InvalidTestCaseException(npz, "array '" + name + "': expected dtype float64, got "
                    + dtypeName(a.getData()));
        }
        checkShape(npz, name, shape, a.getShape());
        return new Tensor(shape, data);
    }

    private static int[] readLengths(NpzFile.Reader reader, Path npz, int[] shape) throws InvalidTestCaseException {
        NpyArray a = get(reader, npz, ArrayLayout.LENGTHS, shape);
        int[] lengths;
        if (a.getData() instanceof long[] l) {
            lengths = new int[l.length];
            for (int k = 0; k < l.length; k++) {
                lengths[k] = l[k] < Integer.MIN_VALUE || l[k] > Integer.MAX_VALUE ? -1 : (int) l[k];
                if (lengths[k] != l[k]) {
                    throw new InvalidTestCaseException(npz, "array 'lengths': lengths[" + k + "] = " + l[k]
                            + " is out of range");
                }
            }
        } else if (a.getData() instanceof int[] i) {
            lengths = i;
        } else {
            throw new InvalidTestCaseException(npz, "array 'lengths': expected dtype int64, got "
                    + dtypeName(a.getData()));
        }
        checkShape(npz, ArrayLayout.LENGTHS, shape, a.getShape());
        return lengths;
    }

    private static void checkShape(Path npz, String name, int[] expected, int[] actual)
            throws InvalidTestCaseException {
        if (!Arrays.equals(expected, actual)) {
            throw new InvalidTestCaseException(npz, "array '" + name + "': expected shape "
                    + Tensor.shapeString(expected) + ", got " + Tensor.shapeString(actual));
        }
    }

    /** The NumPy dtype name of the Java array the npz reader produced. */
    static String dtypeName(Object data) {
        if (data instanceof double[]) {
            return "float64";
        } else if (data instanceof float[]) {
            return "float32";
        } else if (data instanceof long[]) {
            return "int64";
        } else if (data instanceof int[]) {
            return "int32";
        } else if (data instanceof short[]) {
            return "int16";
        } else if (data instanceof byte[]) {
            return "int8";
        } else if (data instanceof boolean[]) {
            return "bool";
        } else if (data instanceof String[]) {
            return "string";
        }
        return data == null ? "nothing" : data.getClass().getSimpleName();
    }
}
