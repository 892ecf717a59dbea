package dev.carousel.onnx;

/**
 * An ONNX file or node that Carousel cannot import exactly: an invalid or truncated file, no (or more than one)
 * LSTM/GRU node, a missing weight, a wrong shape, or an attribute whose meaning Carousel does not compute (clip,
 * non-default activations, ...). The message names the file or node, the attribute or input, and the value found.
 */
public class OnnxImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxImportException(String message) {
        super(message);
    }

    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
