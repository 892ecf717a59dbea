package dev.carousel.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helper: rewrites an npz without some of its entries. */
final class BrokenZip {
    private BrokenZip() {
    }

    static void dropEntries(Path npz, List<String> entries) throws IOException {
        Path out = npz.resolveSibling(npz.getFileName() + ".tmp");
        try (ZipFile in = new ZipFile(npz.toFile()); OutputStream o = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(o)) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (entries.contains(e.getName())) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream s = in.getInputStream(e)) {
                    s.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        Files.move(out, npz, StandardCopyOption.REPLACE_EXISTING);
    }
}
