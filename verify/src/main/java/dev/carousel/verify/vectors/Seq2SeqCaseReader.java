package dev.carousel.verify.vectors;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code arrays.npz} of a seq2seq case with the checks of {@link TestCaseReader}: sizes bounded before
 * anything is read; exactly the arrays of the {@link Seq2SeqLayout} (none unknown; the {@code grad_} arrays all
 * present or all absent, a forward-only case); each array's dtype and shape checked against the case before its
 * data is read, bounded reads and CRC-32 ({@link NpzReader}); no NaN or infinity; lengths and token ids in range.
 */
final class Seq2SeqCaseReader {
    /** The largest size of any one dimension in case.json. */
    private static final long MAX_DIMENSION = 1 << 24;

    private Seq2SeqCaseReader() {
    }

    static Seq2SeqTestCase read(Path folder, Seq2SeqCaseConfig config, Path npz) throws java.io.IOException {
        Path json = folder.resolve(CaseJson.FILE_NAME);
        checkSizes(config, json);
        Seq2SeqLayout layout = new Seq2SeqLayout(config);
        Set<String> expected = layout.shapes().keySet();
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        Map<String, long[]> ints = new LinkedHashMap<>();
        try (NpzReader reader = new NpzReader(npz)) {
            Set<String> present = reader.names();
            for (String name : present) {
                if (!expected.contains(name)) {
                    throw new InvalidTestCaseException(npz, "unknown array '" + name + "' for a " + config.variant()
                            + " case; expected arrays: " + expected);
                }
            }
            List<String> required = layout.required(present);
            List<String> missing = new ArrayList<>();
            for (String name : required) {
                if (!present.contains(name)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new InvalidTestCaseException(npz, "missing array" + (missing.size() > 1 ? "s " : " ")
                        + missing + " for a " + config.variant() + " case; expected arrays: " + required
                        + (ArrayLayout.isForwardOnly(present) ? ""
                        : " (a case with any grad_ array must hold one per parameter; a forward-only case holds none)"));
            }
            for (String name : required) {
                int[] shape = layout.shape(name);
                if (Seq2SeqLayout.INTEGER_ARRAYS.contains(name)) {
                    ints.put(name, reader.readIntegers(name, shape));
                } else {
                    arrays.put(name, new Tensor(shape, reader.readFloat64(name, shape)));
                }
            }
        }
        try {
            return new Seq2SeqTestCase(folder.getFileName().toString(), config,
                    rows(ints.get(Seq2SeqLayout.SOURCE), config.batch()),
                    rows(ints.get(Seq2SeqLayout.TARGET), config.batch()), ints.get(Seq2SeqLayout.SOURCE_LENGTHS),
                    ints.get(Seq2SeqLayout.TARGET_LENGTHS), arrays);
        } catch (IllegalArgumentException e) {
            throw new InvalidTestCaseException(npz, e.getMessage(), e);
        }
    }

    private static long[][] rows(long[] flat, int batch) {
        int width = flat.length / batch;
        long[][] out = new long[batch][width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(flat, b * width, out[b], 0, width);
        }
        return out;
    }

    /** Refuses a case whose dimensions or arrays could not be held, before any array is read. */
    private static void checkSizes(Seq2SeqCaseConfig c, Path json) throws InvalidTestCaseException {
        Seq2SeqConfig m = c.model();
        long[] dims = {c.batch(), c.source(), c.target(), m.sourceVocabSize(), m.targetVocabSize(), m.embeddingSize(),
            m.encoderHiddenSize(), m.decoderHiddenSize(), m.attentionSize()};
        String[] names = {"batch", "source", "target", "source_vocab", "target_vocab", "embedding", "encoder_hidden",
            "decoder_hidden", "attention_size"};
        for (int k = 0; k < dims.length; k++) {
            if (dims[k] > MAX_DIMENSION) {
                throw new InvalidTestCaseException(json, "the case is too large: key '" + names[k] + "' = " + dims[k]
                        + " is more than " + MAX_DIMENSION);
            }
        }
        long limit = Integer.MAX_VALUE - 8;
        for (Map.Entry<String, int[]> e : new Seq2SeqLayout(c).shapes().entrySet()) {
            long n = 1;
            long[] shape = new long[e.getValue().length];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = e.getValue()[k];
                n = shape[k] > 0 && n > limit / shape[k] ? limit + 1 : n * shape[k];
            }
            if (n > limit) {
                throw new InvalidTestCaseException(json, "the case is too large: array '" + e.getKey()
                        + "' would have shape " + NpzReader.shapeString(shape) + ", more than the " + limit
                        + " values a Java array holds");
            }
        }
    }
}
