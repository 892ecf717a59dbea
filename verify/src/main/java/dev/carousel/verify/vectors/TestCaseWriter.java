package dev.carousel.verify.vectors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jetbrains.bio.npy.NpyFile;

/**
 * Writes a {@link TestCase} as a folder holding {@code case.json} and {@code arrays.npz} (test-vectors.md): every
 * array float64 little-endian, {@code lengths} int64, in the layout's order. The npz is what NumPy's {@code savez}
 * writes: an uncompressed zip of {@code <name>.npy} entries. Each .npy is encoded by the npy library; the zip
 * entries carry a fixed timestamp so the same case always gives the same bytes.
 */
public final class TestCaseWriter {
    /** The timestamp of every zip entry (the earliest a zip can hold), for byte-identical output. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private TestCaseWriter() {
    }

    /** Writes {@code testCase} into {@code folder} (created if needed; its two files are replaced). */
    public static void write(TestCase testCase, Path folder) throws IOException {
        Files.createDirectories(folder);
        CaseJson.write(testCase.config(), folder);
        Path npz = folder.resolve(TestCaseReader.ARRAYS_FILE);
        Path partial = folder.resolve(TestCaseReader.ARRAYS_FILE + ".partial");
        Path npy = Files.createTempFile("carousel-array", ".npy");
        try {
            try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, int[]> e : testCase.layout().shapes().entrySet()) {
                    String name = e.getKey();
                    if (!name.equals(ArrayLayout.LENGTHS) && !testCase.has(name)) {
                        continue;                               // forward-only: no grad_ (and upstream) arrays
                    }
                    if (name.equals(ArrayLayout.LENGTHS)) {
                        long[] lengths = new long[testCase.config().batch()];
                        int[] l = testCase.lengths();
                        for (int b = 0; b < lengths.length; b++) {
                            lengths[b] = l[b];
                        }
                        NpyFile.write(npy, lengths, e.getValue(), ByteOrder.LITTLE_ENDIAN);
                    } else {
                        NpyFile.write(npy, testCase.array(name).data(), e.getValue(), ByteOrder.LITTLE_ENDIAN);
                    }
                    putStored(zip, name + ".npy", Files.readAllBytes(npy));
                }
            }
            Files.move(partial, npz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(npy);
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Writes a seq2seq case into {@code folder}: {@code case.json} with every key, {@code arrays.npz} with the
     * arrays of its {@link Seq2SeqLayout} in that order (the integer ones int64, 0 past each length).
     */
    public static void write(Seq2SeqTestCase testCase, Path folder) throws IOException {
        Files.createDirectories(folder);
        CaseJson.write(testCase.config(), folder);
        Path npz = folder.resolve(TestCaseReader.ARRAYS_FILE);
        Path partial = folder.resolve(TestCaseReader.ARRAYS_FILE + ".partial");
        Path npy = Files.createTempFile("carousel-array", ".npy");
        try {
            try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, int[]> e : testCase.layout().shapes().entrySet()) {
                    String name = e.getKey();
                    if (Seq2SeqLayout.INTEGER_ARRAYS.contains(name)) {
                        NpyFile.write(npy, integers(testCase, name), e.getValue(), ByteOrder.LITTLE_ENDIAN);
                    } else if (!testCase.has(name)) {
                        continue;                               // forward-only: no grad_ arrays
                    } else if (e.getValue().length == 0) {
                        putStored(zip, name + ".npy", scalarNpy(testCase.array(name).data()[0]));
                        continue;
                    } else {
                        NpyFile.write(npy, testCase.array(name).data(), e.getValue(), ByteOrder.LITTLE_ENDIAN);
                    }
                    putStored(zip, name + ".npy", Files.readAllBytes(npy));
                }
            }
            Files.move(partial, npz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(npy);
            Files.deleteIfExists(partial);
        }
    }

    /**
     * A 0-d float64 .npy (format 1.0) as NumPy's {@code np.save} writes it: the header names shape {@code ()} and
     * is padded with spaces and a newline to a multiple of 64 bytes. (The npy library writes "(, )" for rank 0,
     * which NumPy cannot parse.)
     */
    static byte[] scalarNpy(double value) {
        StringBuilder h = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + h.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) h.length());
        b.put(h.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.putDouble(value);
        return b.array();
    }

    private static long[] integers(Seq2SeqTestCase c, String name) {
        switch (name) {
            case Seq2SeqLayout.SOURCE: return flat(c.source());
            case Seq2SeqLayout.TARGET: return flat(c.target());
            case Seq2SeqLayout.SOURCE_LENGTHS: return flat(new int[][] {c.sourceLengths()});
            case Seq2SeqLayout.TARGET_LENGTHS: return flat(new int[][] {c.targetLengths()});
            default: throw new IllegalArgumentException("not an integer array: " + name);
        }
    }

    private static long[] flat(int[][] a) {
        int n = 0;
        for (int[] r : a) {
            n += r.length;
        }
        long[] out = new long[n];
        int k = 0;
        for (int[] r : a) {
            for (int v : r) {
                out[k++] = v;
            }
        }
        return out;
    }

    private static void putStored(ZipOutputStream zip, String entryName, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(entryName);
        entry.setMethod(ZipEntry.STORED);
        entry.setTimeLocal(ENTRY_TIME);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
