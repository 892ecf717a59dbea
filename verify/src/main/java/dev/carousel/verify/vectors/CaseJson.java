package dev.carousel.verify.vectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carousel.spec.Activation;
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

    /** Reads and validates a {@code case.json} file. */
    public static CaseConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidTestCaseException(file, "file not found (every case folder needs a " + FILE_NAME + ")");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file);
    }

    /** Parses and validates the text of a {@code case.json}; {@code file} is only used in messages. */
    public static CaseConfig parse(String json, Path file) throws InvalidTestCaseException {
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

    /** Writes {@code case.json} into {@code folder}. */
    public static void write(CaseConfig config, Path folder) throws IOException {
        Files.writeString(folder.resolve(FILE_NAME), toJson(config), StandardCharsets.UTF_8);
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
