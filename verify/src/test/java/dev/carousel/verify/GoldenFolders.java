package dev.carousel.verify;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: the repository's committed golden sets, found from the module folder Maven runs the tests in. */
final class GoldenFolders {
    private GoldenFolders() {
    }

    static Path find(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path golden = p.resolve("vectors").resolve(name);
            if (Files.isDirectory(golden)) {
                return golden;
            }
        }
        throw new IllegalStateException("vectors/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
