package dev.carousel.verify.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.carousel.onnx.OnnxArray;
import dev.carousel.onnx.OnnxImportException;
import dev.carousel.onnx.OnnxRecurrentImport;
import dev.carousel.onnx.OnnxRecurrentNode;
import dev.carousel.onnx.OnnxTensors;
import dev.carousel.onnx.OnnxTestFolder;
import dev.carousel.onnx.RecurrentOp;
import dev.carousel.onnx.proto.OnnxSubset.GraphProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.onnx.proto.OnnxSubset.ValueInfoProto;
import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.CaseFolders;
import dev.carousel.verify.vectors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an ONNX backend-test folder as {@code carousel verify} cases: {@code model.onnx} (one LSTM or GRU node;
 * weights as initializers, constants or graph inputs) and {@code test_data_set_N/input_K.pb}, {@code output_K.pb}
 * (serialized TensorProtos in the order of the graph's inputs and outputs). One {@link Entry} per data set, or one
 * error entry for the whole folder when the model itself cannot be imported ({@link OnnxTestFolder#read}: a
 * truncated file, another op, two unnamed recurrent nodes, an unsupported attribute such as {@code clip}, ...).
 */
public final class OnnxCaseReader {
    /** The file that makes a folder an ONNX test folder. */
    public static final String MODEL_FILE = CaseFolders.ONNX_MODEL;
    private static final Pattern DATA_SET = Pattern.compile("test_data_set_(\\d+)");

    private OnnxCaseReader() {
    }

    /** Whether {@code dir} holds a {@code model.onnx}. */
    public static boolean isOnnxFolder(Path dir) {
        return CaseFolders.isOnnxFolder(dir);
    }

    /** A data set read into a case, or the one-line reason it cannot be (then {@code c} is null). */
    public record Entry(String name, OnnxCase c, String error) {
        static Entry error(String name, String error) {
            return new Entry(name, null, error);
        }
    }

    /**
     * Reads every {@code test_data_set_N} of the folder (in the order of N).
     *
     * @param name the case name of the folder (data sets are called {@code name/test_data_set_N} when there are
     *             several)
     */
    public static List<Entry> read(Path dir, String name) {
        byte[] bytes;
        List<String> inputNames = new ArrayList<>();
        List<String> outputNames = new ArrayList<>();
        List<Path> sets;
        try {
            OnnxTestFolder.read(dir);                     // the model, and data set 0, import as a whole
            bytes = Files.readAllBytes(dir.resolve(MODEL_FILE));
            GraphProto g = ModelProto.parseFrom(bytes).getGraph();
            Set<String> initializers = new HashSet<>();
            for (TensorProto t : g.getInitializerList()) {
                initializers.add(t.getName());
            }
            for (ValueInfoProto v : g.getInputList()) {
                if (!initializers.contains(v.getName())) {
                    inputNames.add(v.getName());
                }
            }
            for (ValueInfoProto v : g.getOutputList()) {
                outputNames.add(v.getName());
            }
            sets = dataSets(dir);
        } catch (InvalidProtocolBufferException e) {
            return List.of(Entry.error(name, dir.resolve(MODEL_FILE) + ": not a valid ONNX model ("
                    + e.getMessage() + ")"));
        } catch (IOException e) {
            return List.of(Entry.error(name, "cannot read " + e.getMessage()));
        } catch (RuntimeException e) {
            return List.of(Entry.error(name, message(e)));
        }
        List<Entry> entries = new ArrayList<>();
        for (Path set : sets) {
            String caseName = sets.size() > 1 ? name + "/" + set.getFileName() : name;
            try {
                Map<String, OnnxArray> inputs = tensors(set, "input", inputNames);
                Map<String, OnnxArray> outputs = tensors(set, "output", outputNames);
                OnnxRecurrentNode node = OnnxRecurrentImport.read(bytes, dir.resolve(MODEL_FILE).toString(), null,
                        inputs);
                entries.add(new Entry(caseName, toCase(caseName, new OnnxTestFolder(dir, node, inputs, outputs),
                        set), null));
            } catch (IOException e) {
                entries.add(Entry.error(caseName, "cannot read " + e.getMessage()));
            } catch (RuntimeException e) {
                entries.add(Entry.error(caseName, message(e)));
            }
        }
        return entries;
    }

    private static String message(RuntimeException e) {
        if (e instanceof OnnxImportException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return "cannot read the ONNX test folder: " + e;
    }

    /** The test_data_set_N folders, by N. */
    private static List<Path> dataSets(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && DATA_SET.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(p -> index(p.getFileName().toString())))
                    .toList();
        }
    }

    private static long index(String folder) {
        Matcher m = DATA_SET.matcher(folder);
        m.matches();
        String digits = m.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** prefix_0.pb .. prefix_{n-1}.pb, one per graph input/output, named as the graph names them; no more. */
    private static Map<String, OnnxArray> tensors(Path set, String prefix, List<String> names) throws IOException {
        Map<String, OnnxArray> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            Path f = set.resolve(prefix + "_" + k + ".pb");
            if (!Files.isRegularFile(f)) {
                throw new OnnxImportException(set + ": no " + f.getFileName() + " for the graph " + prefix + " '"
                        + names.get(k) + "' (the graph's " + prefix + "s: " + names + ")");
            }
            OnnxArray a = OnnxTensors.readFile(f);
            String name = a.name().isEmpty() ? names.get(k) : a.name();
            if (!name.equals(names.get(k))) {
                throw new OnnxImportException(f + ": tensor '" + name + "' where the graph's " + prefix + " " + k
                        + " is '" + names.get(k) + "'");
            }
            out.put(name, new OnnxArray(name, a.shape(), a.data(), a.sourceType()));
        }
        Path extra = set.resolve(prefix + "_" + names.size() + ".pb");
        if (Files.exists(extra)) {
            throw new OnnxImportException(extra + ": the graph has only " + names.size() + " " + prefix + "s "
                    + names);
        }
        return out;
    }

    /** Checks the data set against the node and converts it. */
    private static OnnxCase toCase(String name, OnnxTestFolder f, Path set) {
        OnnxRecurrentNode node = f.node();
        double[][][] x = f.x();
        int nB = x.length;
        int nT = nB == 0 ? 0 : x[0].length;
        if (nB == 0 || nT == 0) {
            throw new OnnxImportException(set + ": X has an empty batch or time dimension (B=" + nB + ", T=" + nT
                    + ")");
        }
        int[] lens = f.sequenceLens();
        boolean given = lens != null;
        if (lens == null) {
            lens = new int[nB];
            Arrays.fill(lens, nT);
        }
        if (lens.length != nB) {
            throw new OnnxImportException(set + ": sequence_lens has " + lens.length + " values, X has batch " + nB);
        }
        for (int b = 0; b < nB; b++) {
            if (lens[b] < 0 || lens[b] > nT) {
                throw new OnnxImportException(set + ": sequence_lens[" + b + "] = " + lens[b] + " is outside [0, "
                        + nT + "] (T = " + nT + ")");
            }
        }
        checkState(f, set, 5, "initial_h", node.initialH(), nB);
        double[][][] h0 = f.initialH();
        double[][][] c0 = null;
        if (node.op() == RecurrentOp.LSTM) {
            checkState(f, set, 6, "initial_c", node.initialC(), nB);
            c0 = f.initialC();
        }
        boolean float32 = node.dtype() == DType.FLOAT32
                || f.inputs().get(node.input(0)).sourceType() == OnnxTensors.FLOAT;
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (int k = 0; k < OnnxCase.OUTPUTS.length; k++) {
            OnnxArray e = f.expected(k);
            if (e != null) {
                expected.put(OnnxCase.OUTPUTS[k], new Tensor(e.shape(), e.data()));
                float32 |= e.sourceType() == OnnxTensors.FLOAT;
            }
        }
        if (expected.isEmpty()) {
            throw new OnnxImportException(set + ": none of the node's outputs " + node.outputs()
                    + " is stored (graph outputs: " + f.outputs().keySet() + ")");
        }
        return new OnnxCase(name, node, x, lens, given, h0, c0, expected, float32 ? DType.FLOAT32 : DType.FLOAT64);
    }

    /** initial_h / initial_c: [D, B, H] (layout 0) or [B, D, H] (layout 1) when fed; B must match X's. */
    private static void checkState(OnnxTestFolder f, Path set, int input, String label, OnnxArray constant, int nB) {
        OnnxRecurrentNode node = f.node();
        String n = node.input(input);
        if (n.isEmpty()) {
            return;
        }
        int nD = node.direction().count();
        int nH = node.hiddenSize();
        OnnxArray fed = f.inputs().get(n);
        int[] want;
        OnnxArray a;
        if (fed != null) {
            a = fed;
            want = node.layout() == 1 ? new int[] {nB, nD, nH} : new int[] {nD, nB, nH};
        } else if (constant != null) {
            a = constant;
            want = new int[] {nD, nB, nH};
        } else {
            return;
        }
        if (!Arrays.equals(a.shape(), want)) {
            throw new OnnxImportException(set + ": " + label + " '" + n + "' has shape " + Arrays.toString(a.shape())
                    + ", expected " + Arrays.toString(want) + " for X with batch " + nB + " (layout "
                    + node.layout() + ")");
        }
    }
}
