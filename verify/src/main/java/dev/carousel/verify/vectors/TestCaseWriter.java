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
