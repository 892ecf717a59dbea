package dev.carousel.verify.vectors;

import dev.carousel.verify.golden.CaseGenerator;
import dev.carousel.verify.golden.GoldenSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jetbrains.bio.npy.NpzFile;

/**
 * Writes test cases with one thing wrong into a folder, for the reader tests: a valid case from
 * {@link CaseGenerator}, then case.json text or arrays of any dtype and shape written as given.
 */
final class BrokenCases {
    /** An array to write: its values (double[], float[], long[] or int[]) and shape. */
    record Raw(Object data, int[] shape) {
    }

    private BrokenCases() {
    }

    /** A valid small LSTM case: peepholes, variable lengths, B=3, T=6, I=2, H=4. */
    static TestCase validLstm() {
        return CaseGenerator.generate("valid", CaseConfig.lstm(dev.carousel.spec.LstmSpec.peephole(2, 4), 3, 6, true),
                42L);
    }

    /** The arrays of a case as raw float64 (and int64 lengths), in file order, ready to be broken. */
    static Map<String, Raw> raw(TestCase c) {
        Map<String, Raw> m = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : c.layout().shapes().entrySet()) {
            if (e.getKey().equals(ArrayLayout.LENGTHS)) {
                long[] l = new long[c.config().batch()];
                for (int b = 0; b < l.length; b++) {
                    l[b] = c.lengths()[b];
                }
                m.put(e.getKey(), new Raw(l, e.getValue()));
            } else {
                m.put(e.getKey(), new Raw(c.array(e.getKey()).data().clone(), e.getValue()));
            }
        }
        return m;
    }

    /** Writes {@code c} to {@code folder}, then rewrites arrays.npz from its raw arrays after {@code breaker}. */
    static Path withArrays(Path folder, TestCase c, Consumer<Map<String, Raw>> breaker) throws IOException {
        TestCaseWriter.write(c, folder);
        Map<String, Raw> arrays = raw(c);
        breaker.accept(arrays);
        writeNpz(folder.resolve(TestCaseReader.ARRAYS_FILE), arrays);
        return folder;
    }

    /** Writes {@code c} to {@code folder}, then replaces case.json with {@code json}. */
    static Path withJson(Path folder, TestCase c, String json) throws IOException {
        TestCaseWriter.write(c, folder);
        Files.writeString(folder.resolve(CaseJson.FILE_NAME), json);
        return folder;
    }

    static void writeNpz(Path npz, Map<String, Raw> arrays) {
        try (NpzFile.Writer w = NpzFile.write(npz, false)) {
            for (Map.Entry<String, Raw> e : arrays.entrySet()) {
                Object d = e.getValue().data();
                int[] shape = e.getValue().shape();
                if (d instanceof double[] a) {
                    w.write(e.getKey(), a, shape);
                } else if (d instanceof float[] a) {
                    w.write(e.getKey(), a, shape);
                } else if (d instanceof long[] a) {
                    w.write(e.getKey(), a, shape);
                } else if (d instanceof int[] a) {
                    w.write(e.getKey(), a, shape);
                } else {
                    throw new IllegalArgumentException("unsupported test array " + d);
                }
            }
        }
    }
}
