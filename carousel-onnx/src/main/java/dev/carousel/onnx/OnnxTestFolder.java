package dev.carousel.onnx;

import dev.carousel.onnx.proto.OnnxSubset.GraphProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.onnx.proto.OnnxSubset.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX backend test folder for one LSTM/GRU node, as ONNX ships its node tests:
 *
 * <pre>
 *   DIR/model.onnx
 *   DIR/test_data_set_0/input_0.pb, input_1.pb, ...     TensorProto files, in the order of the graph inputs
 *   DIR/test_data_set_0/output_0.pb, ...                 in the order of the graph outputs
 * </pre>
 *
 * Weights given as inputs (ONNX's tests feed W, R, B as graph inputs) are taken into the node.
 *
 * @param node    the imported node
 * @param inputs  the test inputs by name (graph input order)
 * @param outputs the expected outputs by name (graph output order)
 */
public record OnnxTestFolder(Path dir, OnnxRecurrentNode node, Map<String, OnnxArray> inputs,
                             Map<String, OnnxArray> outputs) {

    /**
     * Reads {@code dir/model.onnx} and {@code dir/test_data_set_0}.
     *
     * @throws OnnxImportException when the folder or a file in it is not what ONNX's format says, or the node
     *                             cannot be imported exactly
     */
    public static OnnxTestFolder read(Path dir) throws IOException {
        Path model = dir.resolve("model.onnx");
        Path data = dir.resolve("test_data_set_0");
        if (!Files.isRegularFile(model)) {
            throw new OnnxImportException(dir + ": not an ONNX test folder: no model.onnx");
        }
        if (!Files.isDirectory(data)) {
            throw new OnnxImportException(dir + ": not an ONNX test folder: no test_data_set_0/");
        }
        byte[] bytes = Files.readAllBytes(model);
        ModelProto m = OnnxRecurrentImport.parseModel(bytes, model.toString());
        GraphProto g = m.getGraph();
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initializers.add(t.getName());
        }
        List<String> inputNames = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputNames.add(v.getName());
            }
        }
        List<String> outputNames = new ArrayList<>();
        for (ValueInfoProto v : g.getOutputList()) {
            outputNames.add(v.getName());
        }
        Map<String, OnnxArray> inputs = tensors(data, "input", inputNames);
        Map<String, OnnxArray> outputs = tensors(data, "output", outputNames);
        OnnxRecurrentNode node = OnnxRecurrentImport.read(bytes, model.toString(), null, inputs);
        return new OnnxTestFolder(dir, node, inputs, outputs);
    }

    private static Map<String, OnnxArray> tensors(Path data, String prefix, List<String> names) throws IOException {
        Map<String, OnnxArray> out = new LinkedHashMap<>();
        for (int k = 0; ; k++) {
            Path f = data.resolve(prefix + "_" + k + ".pb");
            if (!Files.isRegularFile(f)) {
                break;
            }
            if (k >= names.size()) {
                throw new OnnxImportException(f + ": the graph has only " + names.size() + " " + prefix + "s "
                        + names);
            }
            OnnxArray a = OnnxTensors.readFile(f);
            String name = a.name().isEmpty() ? names.get(k) : a.name();
            if (!name.equals(names.get(k))) {
                throw new OnnxImportException(f + ": tensor '" + name + "' where the graph's " + prefix + " " + k
                        + " is '" + names.get(k) + "'");
            }
            out.put(name, new OnnxArray(name, a.shape(), a.data(), a.sourceType()));
        }
        if (out.size() != names.size() && prefix.equals("input")) {
            throw new OnnxImportException(data + ": " + out.size() + " input files for the graph inputs " + names);
        }
        return out;
    }

    /** The node's input X as [B][T][I], whatever the layout. */
    public double[][][] x() {
        OnnxArray x = require(node.input(0), "X");
        if (x.shape().length != 3) {
            throw new OnnxImportException(dir + ": X must have 3 dimensions, got " + Arrays.toString(x.shape()));
        }
        boolean batchFirst = node.layout() == 1;
        int nB = batchFirst ? x.dim(0) : x.dim(1);
        int nT = batchFirst ? x.dim(1) : x.dim(0);
        int nI = x.dim(2);
        if (nI != node.inputSize()) {
            throw new OnnxImportException(dir + ": X has " + nI + " features, W expects " + node.inputSize());
        }
        double[][][] out = new double[nB][nT][nI];
        for (int b = 0; b < nB; b++) {
            for (int t = 0; t < nT; t++) {
                int off = batchFirst ? (b * nT + t) * nI : (t * nB + b) * nI;
                System.arraycopy(x.data(), off, out[b][t], 0, nI);
            }
        }
        return out;
    }

    /** sequence_lens from the inputs or the node, or null when the node has none (all steps valid). */
    public int[] sequenceLens() {
        String n = node.input(4);
        if (n.isEmpty()) {
            return null;
        }
        return inputs.containsKey(n) ? inputs.get(n).toIntArray() : node.sequenceLens();
    }

    /** initial_h as [D][B][H] (from the inputs or the node), or null for zeros. */
    public double[][][] initialH() {
        return state(5, node.initialH());
    }

    /** initial_c as [D][B][H], or null for zeros (LSTM). */
    public double[][][] initialC() {
        return node.op() == RecurrentOp.LSTM ? state(6, node.initialC()) : null;
    }

    /** The expected value of node output k (0 = Y, 1 = Y_h, 2 = Y_c), or null when the test does not give it. */
    public OnnxArray expected(int k) {
        String n = node.output(k);
        return n.isEmpty() ? null : outputs.get(n);
    }

    private double[][][] state(int k, OnnxArray fromNode) {
        String n = node.input(k);
        if (n.isEmpty()) {
            return null;
        }
        OnnxArray s = inputs.get(n);
        int nD = node.direction().count();
        int nH = node.hiddenSize();
        boolean fromInputs = s != null;
        if (!fromInputs) {
            s = fromNode;
        }
        if (s == null) {
            return null;
        }
        boolean batchFirst = fromInputs && node.layout() == 1;   // the node's copy is [D, B, H] already
        int nB = batchFirst ? s.dim(0) : s.dim(1);
        double[][][] out = new double[nD][nB][nH];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < nB; b++) {
                int off = batchFirst ? (b * nD + d) * nH : (d * nB + b) * nH;
                System.arraycopy(s.data(), off, out[d][b], 0, nH);
            }
        }
        return out;
    }

    private OnnxArray require(String name, String label) {
        OnnxArray a = inputs.get(name);
        if (a == null) {
            throw new OnnxImportException(dir + ": no input file for " + label + " '" + name + "'");
        }
        return a;
    }
}
