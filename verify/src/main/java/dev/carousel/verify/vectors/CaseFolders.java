package dev.carousel.verify.vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the test-case folders under a folder: the folder itself if it is a case (holds {@code case.json} or
 * {@code arrays.npz}, or is an ONNX backend-test folder holding {@code model.onnx}), else every case folder below it,
 * searched recursively, in name order.
 */
public final class CaseFolders {
    private CaseFolders() {
    }

    public static List<Path> find(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    /** Whether {@code dir} is an ONNX backend-test folder: it holds {@code model.onnx}. */
    public static boolean isOnnxFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(ONNX_MODEL));
    }

    /** The model file of an ONNX backend-test folder. */
    public static final String ONNX_MODEL = "model.onnx";

    private static void collect(Path dir, List<Path> found) throws IOException {
        if (TestCaseReader.isCaseFolder(dir) || isOnnxFolder(dir)) {
            found.add(dir);
            return;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path child : children) {
            collect(child, found);
        }
    }
}
