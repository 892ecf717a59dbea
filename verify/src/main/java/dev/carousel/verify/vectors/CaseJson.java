package dev.carousel.verify.vectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carousel.spec.Activation;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code case.json} file of a test case (test-vectors.md):
 * <pre>
 *   {"cell": "lstm" | "gru", "batch": B, "time": T, "input": I, "hidden": H, "variable_length": bool,
 *    "peephole": bool (lstm), "reset_after": bool (gru),
 *    "forget_gate": true, "coupled_input_forget": false, "cell_activation": "tanh", "output_activation": "tanh"}
 * </pre>
 * The last four are optional (lstm only) with the defaults shown. Reading is strict: a key the cell does not know,
 * a value of the wrong type or out of range, a duplicate key, or a missing required key is an
 * {@link InvalidTestCaseException} that names the file, the key and the known keys.
 */
public final class CaseJson {
    public static final String FILE_NAME = "case.json";

    /** Keys every case has. */
    public static final List<String> COMMON_KEYS =
            List.of("cell", "batch", "time", "input", "hidden", "variable_length");
    /** Required keys of an lstm case beyond the common ones. */
    public static final List<String> LSTM_REQUIRED_KEYS = List.of("peephole");
    /** Optional keys of an lstm case. */
    public static final List<String> LSTM_OPTIONAL_KEYS =
            List.of("forget_gate", "coupled_input_forget", "cell_activation", "output_activation");
    /** Required keys of a gru case beyond the common ones. */
    public static final List<String> GRU_REQUIRED_KEYS = List.of("reset_after");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private CaseJson() {
    }

    /** The keys a case of this cell may have, required first. */
    public static Set<String> knownKeys(CellType cell) {
        Set<String> keys = new LinkedHashSet<>(COMMON_KEYS);
        if (cell == CellType.LSTM) {
            keys.addAll(LSTM_REQUIRED_KEYS);
            keys.addAll(LSTM_OPTIONAL_KEYS);
        } else {
            keys.addAll(GRU_REQUIRED_KEYS);
        }
        return keys;
    }

    /** The value of {@code "kind"} for a seq2seq case (a case without {@code kind} is a recurrent-layer case). */
    public static final String SEQ2SEQ_KIND = "seq2seq";
    /** Required keys of a seq2seq case. */
    public static final List<String> SEQ2SEQ_REQUIRED_KEYS = List.of("kind", "batch", "source", "target",
            "source_vocab", "target_vocab", "embedding", "encoder_hidden", "decoder_hidden", "bos", "encoder_cell",
            "decoder_cell", "bidirectional", "decoder", "score", "init");
    /** The optional key of a seq2seq case: A, required when the score is additive (default decoder_hidden). */
    public static final String ATTENTION_SIZE = "attention_size";

    /** Reads and validates a recurrent-layer {@code case.json} file (a seq2seq one is refused). */
    public static CaseConfig read(Path file) throws IOException {
        VectorConfig c = readAny(file);
        if (c instanceof CaseConfig config) {
            return config;
        }
        throw new InvalidTestCaseException(file, "a seq2seq case (\"kind\": \"seq2seq\"), not a recurrent-layer "
                + "case");
    }

    /** Reads and validates a {@code case.json} file of either kind. */
    public static VectorConfig readAny(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidTestCaseException(file, "file not found (every case folder needs a " + FILE_NAME + ")");
        }
        return parseAny(Files.readString(file, StandardCharsets.UTF_8), file);
    }

    /** Parses and validates the text of a recurrent-layer {@code case.json}; {@code file} is only used in messages. */
    public static CaseConfig parse(String json, Path file) throws InvalidTestCaseException {
        VectorConfig c = parseAny(json, file);
        if (c instanceof CaseConfig config) {
            return config;
        }
        throw new InvalidTestCaseException(file, "a seq2seq case (\"kind\": \"seq2seq\"), not a recurrent-layer "
                + "case");
    }

    /** Parses and validates the text of a {@code case.json} of either kind; {@code file} is only used in messages. */
    public static VectorConfig parseAny(String json, Path file) throws InvalidTestCaseException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidTestCaseException(file, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTestCaseException(file, "expected a JSON object {\"cell\": ..., ...}, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        JsonNode kind = root.get("kind");
        if (kind != null) {
            if (!kind.isTextual() || !kind.asText().equals(SEQ2SEQ_KIND)) {
                throw new InvalidTestCaseException(file, "key 'kind': unknown value " + kind + "; known values: [\""
                        + SEQ2SEQ_KIND + "\"] (omit 'kind' for a recurrent-layer case)");
            }
            return parseSeq2Seq(root, file);
        }
        JsonNode cellNode = root.get("cell");
        if (cellNode == null) {
            throw new InvalidTestCaseException(file, "missing key 'cell' (one of " + CellType.knownKeys() + ")");
        }
        CellType cell = cellNode.isTextual() ? CellType.fromKeyOrNull(cellNode.asText()) : null;
        if (cell == null) {
            throw new InvalidTestCaseException(file, "key 'cell': unknown value " + cellNode + "; known values: "
                    + CellType.knownKeys());
        }
        Set<String> known = knownKeys(cell);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new InvalidTestCaseException(file, "unknown key '" + key + "' for a " + cell.key()
                        + " case; known keys: " + known);
            }
        }
        List<String> required = new ArrayList<>(COMMON_KEYS);
        required.addAll(cell == CellType.LSTM ? LSTM_REQUIRED_KEYS : GRU_REQUIRED_KEYS);
        for (String key : required) {
            if (!root.has(key)) {
                throw new InvalidTestCaseException(file, "missing key '" + key + "' (required keys of a "
                        + cell.key() + " case: " + required + ")");
            }
        }
        int batch = positiveInt(root, "batch", file);
        int time = positiveInt(root, "time", file);
        int input = positiveInt(root, "input", file);
        int hidden = positiveInt(root, "hidden", file);
        boolean variableLength = bool(root, "variable_length", false, file);
        try {
            if (cell == CellType.GRU) {
                return new CaseConfig(cell, batch, time, input, hidden, variableLength, false,
                        bool(root, "reset_after", false, file), true, false, Activation.TANH, Activation.TANH);
            }
            return new CaseConfig(cell, batch, time, input, hidden, variableLength,
                    bool(root, "peephole", false, file), false,
                    bool(root, "forget_gate", true, file),
                    bool(root, "coupled_input_forget", false, file),
                    activation(root, "cell_activation", file),
                    activation(root, "output_activation", file));
        } catch (IllegalArgumentException e) {
            throw new InvalidTestCaseException(file, e.getMessage(), e);
        }
    }

    private static Seq2SeqCaseConfig parseSeq2Seq(JsonNode root, Path file) throws InvalidTestCaseException {
        Set<String> known = new LinkedHashSet<>(SEQ2SEQ_REQUIRED_KEYS);
        known.add(ATTENTION_SIZE);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new InvalidTestCaseException(file, "unknown key '" + key + "' for a seq2seq case; known keys: "
                        + known);
            }
        }
        for (String key : SEQ2SEQ_REQUIRED_KEYS) {
            if (!root.has(key)) {
                throw new InvalidTestCaseException(file, "missing key '" + key + "' (required keys of a seq2seq "
                        + "case: " + SEQ2SEQ_REQUIRED_KEYS + ")");
            }
        }
        Seq2SeqConfig.CellType enc = choice(root, "encoder_cell", Seq2SeqConfig.CellType.values(), file);
        Seq2SeqConfig.CellType dec = choice(root, "decoder_cell", Seq2SeqConfig.CellType.values(), file);
        Seq2SeqConfig.DecoderType decoder = choice(root, "decoder", Seq2SeqConfig.DecoderType.values(), file);
        Seq2SeqConfig.ScoreType score = choice(root, "score", Seq2SeqConfig.ScoreType.values(), file);
        Seq2SeqConfig.InitMode init = choice(root, "init", Seq2SeqConfig.InitMode.values(), file);
        int decoderHidden = positiveInt(root, "decoder_hidden", file);
        if (score == Seq2SeqConfig.ScoreType.ADDITIVE && !root.has(ATTENTION_SIZE)) {
            throw new InvalidTestCaseException(file, "missing key '" + ATTENTION_SIZE + "' (required with score "
                    + "\"additive\")");
        }
        int attention = root.has(ATTENTION_SIZE) ? positiveInt(root, ATTENTION_SIZE, file) : decoderHidden;
        JsonNode bos = root.get("bos");
        if (!bos.isIntegralNumber() || !bos.canConvertToInt() || bos.intValue() < 0) {
            throw new InvalidTestCaseException(file, "key 'bos': expected a non-negative integer, got " + bos);
        }
        int targetVocab = positiveInt(root, "target_vocab", file);
        if (bos.intValue() >= targetVocab) {
            throw new InvalidTestCaseException(file, "key 'bos': " + bos.intValue() + " is not a token of the target "
                    + "vocabulary [0, " + targetVocab + ")");
        }
        try {
            Seq2SeqConfig model = new Seq2SeqConfig(positiveInt(root, "source_vocab", file), targetVocab,
                    positiveInt(root, "embedding", file), positiveInt(root, "encoder_hidden", file), decoderHidden,
                    enc, dec, bool(root, "bidirectional", false, file), decoder, score, attention, init,
                    bos.intValue(), bos.intValue(), 0);
            return new Seq2SeqCaseConfig(model, positiveInt(root, "batch", file), positiveInt(root, "source", file),
                    positiveInt(root, "target", file));
        } catch (IllegalArgumentException e) {
            throw new InvalidTestCaseException(file, e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E choice(JsonNode root, String key, E[] values, Path file)
            throws InvalidTestCaseException {
        JsonNode n = root.get(key);
        List<String> keys = new ArrayList<>();
        for (E v : values) {
            String k = v.name().toLowerCase(java.util.Locale.ROOT);
            if (n.isTextual() && n.asText().equals(k)) {
                return v;
            }
            keys.add(k);
        }
        throw new InvalidTestCaseException(file, "key '" + key + "': unknown value " + n + "; known values: " + keys);
    }

    /** The text of the {@code case.json} of a seq2seq case, every key written. */
    public static String toJson(Seq2SeqCaseConfig config) {
        Seq2SeqConfig m = config.model();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", SEQ2SEQ_KIND);
        o.put("batch", config.batch());
        o.put("source", config.source());
        o.put("target", config.target());
        o.put("source_vocab", m.sourceVocabSize());
        o.put("target_vocab", m.targetVocabSize());
        o.put("embedding", m.embeddingSize());
        o.put("encoder_hidden", m.encoderHiddenSize());
        o.put("decoder_hidden", m.decoderHiddenSize());
        o.put(ATTENTION_SIZE, m.attentionSize());
        o.put("bos", m.bosId());
        o.put("encoder_cell", Seq2SeqCaseConfig.cellKey(m.encoderCell()));
        o.put("decoder_cell", Seq2SeqCaseConfig.cellKey(m.decoderCell()));
        o.put("bidirectional", m.bidirectional());
        o.put("decoder", m.decoderType().name().toLowerCase(java.util.Locale.ROOT));
        o.put("score", m.scoreType().name().toLowerCase(java.util.Locale.ROOT));
        o.put("init", m.initMode().name().toLowerCase(java.util.Locale.ROOT));
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + config, e);
        }
    }

    /** The text of the {@code case.json} for {@code config}, every key written (optional ones too). */
    public static String toJson(CaseConfig config) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("cell", config.cell().key());
        o.put("batch", config.batch());
        o.put("time", config.time());
        o.put("input", config.input());
        o.put("hidden", config.hidden());
        o.put("variable_length", config.variableLength());
        if (config.cell() == CellType.LSTM) {
            o.put("peephole", config.peephole());
            o.put("forget_gate", config.forgetGate());
            o.put("coupled_input_forget", config.coupledInputForget());
            o.put("cell_activation", config.cellActivation().key());
            o.put("output_activation", config.outputActivation().key());
        } else {
            o.put("reset_after", config.resetAfter());
        }
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + config, e);
        }
    }

    /** Writes {@code case.json} into {@code folder} (atomically: a temporary file, then a rename). */
    public static void write(VectorConfig config, Path folder) throws IOException {
        String text = config instanceof CaseConfig c ? toJson(c) : toJson((Seq2SeqCaseConfig) config);
        Path partial = folder.resolve(FILE_NAME + ".partial");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, folder.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static int positiveInt(JsonNode root, String key, Path file) throws InvalidTestCaseException {
        JsonNode n = root.get(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0) {
            throw new InvalidTestCaseException(file, "key '" + key + "': expected a positive integer, got " + n);
        }
        return n.intValue();
    }

    private static boolean bool(JsonNode root, String key, boolean dflt, Path file) throws InvalidTestCaseException {
        JsonNode n = root.get(key);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new InvalidTestCaseException(file, "key '" + key + "': expected true or false, got " + n);
        }
        return n.booleanValue();
    }

    private static Activation activation(JsonNode root, String key, Path file) throws InvalidTestCaseException {
        JsonNode n = root.get(key);
        if (n == null) {
            return Activation.TANH;
        }
        for (Activation a : Activation.values()) {
            if (n.isTextual() && a.key().equals(n.asText())) {
                return a;
            }
        }
        List<String> keys = new ArrayList<>();
        for (Activation a : Activation.values()) {
            keys.add(a.key());
        }
        throw new InvalidTestCaseException(file, "key '" + key + "': unknown value " + n + "; known values: " + keys);
    }
}
