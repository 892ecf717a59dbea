package dev.carousel.verify.vectors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test case that cannot be used: a key or value {@code case.json} does not allow, an array of {@code arrays.npz}
 * that is missing, unknown, of the wrong dtype or shape, a NaN, a length out of range. The message names the file,
 * the key or array, what was expected and what came.
 */
public class InvalidTestCaseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Path file;

    public InvalidTestCaseException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public InvalidTestCaseException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault ({@code case.json}, {@code arrays.npz}, or the case folder). */
    public Path file() {
        return file;
    }
}
