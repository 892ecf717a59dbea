package dev.carousel.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.GraphProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.NodeProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.spec.Activation;
import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one ONNX {@code LSTM} or {@code GRU} node and its weights into Carousel's framework-neutral form
 * ({@link OnnxRecurrentNode}): the spec, the direction and the interchange weights per direction.
 *
 * <p>Weights (W, R, B, P) must be constants of the file: initializers or outputs of {@code Constant} nodes, stored as
 * float32 or float64 (raw_data or typed fields). initial_h, initial_c and sequence_lens are read when they are
 * constants and left to run time (null) when they are graph inputs.
 *
 * <p>Never silently wrong: anything Carousel does not compute exactly is refused with an {@link OnnxImportException}
 * whose message names the node, the attribute or input, and its value: {@code clip}, {@code activations} other than
 * the defaults (LSTM Sigmoid, Tanh, Tanh; GRU Sigmoid, Tanh), {@code activation_alpha}/{@code activation_beta},
 * {@code input_forget = 1} (ONNX Runtime couples f = 1 - i, Carousel's CIFG is i = 1 - f), attributes unknown to the
 * operator, and every malformed file, shape or missing weight.
 */
public final class OnnxRecurrentImport {
    private static final Set<String> LSTM_ATTRIBUTES = Set.of("activation_alpha", "activation_beta", "activations",
            "clip", "direction", "hidden_size", "input_forget", "layout");
    private static final Set<String> GRU_ATTRIBUTES = Set.of("activation_alpha", "activation_beta", "activations",
            "clip", "direction", "hidden_size", "layout", "linear_before_reset");
    private static final List<String> LSTM_ACTIVATIONS = List.of("sigmoid", "tanh", "tanh");
    private static final List<String> GRU_ACTIVATIONS = List.of("sigmoid", "tanh");

    private OnnxRecurrentImport() {
    }

    /**
     * Reads the only LSTM or GRU node of a model.
     *
     * @throws OnnxImportException when the file is not a model Carousel can import exactly (see the class comment),
     *                             or it has no or more than one LSTM/GRU node
     * @throws IOException         when the file cannot be read
     */
    public static OnnxRecurrentNode read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads the LSTM or GRU node named {@code nodeName} (or the only one when {@code nodeName} is null).
     *
     * @throws OnnxImportException see {@link #read(Path)}; also when no node has that name or it is another op
     */
    public static OnnxRecurrentNode read(Path file, String nodeName) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OnnxImportException(file + ": no such file", e);
        }
        return read(bytes, file.toString(), nodeName, Map.of());
    }

    /**
     * Reads a node from a serialized model.
     *
     * @param where    what to call the model in messages (its file name)
     * @param nodeName the node to read, or null for the only LSTM/GRU node
     * @param feeds    values for graph inputs that hold weights (the inputs of an ONNX test folder, where W, R, B
     *                 are graph inputs); empty for a self-contained model
     */
    public static OnnxRecurrentNode read(byte[] model, String where, String nodeName, Map<String, OnnxArray> feeds) {
        ModelProto m = parseModel(model, where);
        GraphProto g = m.getGraph();
        NodeProto node = select(g, where, nodeName);
        Map<String, TensorProto> constants = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value") && a.hasT()) {
                        constants.put(n.getOutput(0), a.getT().toBuilder().setName(n.getOutput(0)).build());
                    }
                }
            }
        }
        return new NodeReader(node, where, constants, feeds).read();
    }

    /** Parses a serialized model, refusing what is not one. */
    static ModelProto parseModel(byte[] bytes, String where) {
        ModelProto m;
        try {
            m = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(where + ": not a valid ONNX model (truncated or not protobuf: "
                    + e.getMessage() + ")", e);
        }
        if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException(where + ": not an ONNX model Carousel can read: it has no graph with nodes ("
                    + bytes.length + " bytes)");
        }
        return m;
    }

    private static boolean isRecurrent(NodeProto n) {
        String d = n.getDomain();
        return (d.isEmpty() || d.equals("ai.onnx")) && (n.getOpType().equals("LSTM") || n.getOpType().equals("GRU"));
    }

    private static NodeProto select(GraphProto g, String where, String nodeName) {
        List<NodeProto> recurrent = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            if (isRecurrent(n)) {
                recurrent.add(n);
                names.add(n.getOpType() + " '" + n.getName() + "'");
            }
        }
        if (nodeName != null) {
            for (NodeProto n : g.getNodeList()) {
                if (n.getName().equals(nodeName)) {
                    if (!isRecurrent(n)) {
                        throw new OnnxImportException(where + ": node '" + nodeName + "' is a "
                                + (n.getDomain().isEmpty() ? "" : n.getDomain() + ".") + n.getOpType()
                                + ", not an LSTM or GRU");
                    }
                    return n;
                }
            }
            throw new OnnxImportException(where + ": no node named '" + nodeName + "'; its LSTM/GRU nodes are "
                    + names);
        }
        if (recurrent.isEmpty()) {
            List<String> ops = new ArrayList<>();
            for (NodeProto n : g.getNodeList()) {
                if (!ops.contains(n.getOpType())) {
                    ops.add(n.getOpType());
                }
            }
            throw new OnnxImportException(where + ": no LSTM or GRU node (Carousel imports these two ops); the graph"
                    + " has " + ops);
        }
        if (recurrent.size() > 1) {
            throw new OnnxImportException(where + ": " + recurrent.size() + " recurrent nodes " + names
                    + "; name the one to import (OnnxRecurrentImport.read(path, nodeName))");
        }
        return recurrent.get(0);
    }

    /** A readable rendering of an attribute's value for messages. */
    static String describe(AttributeProto a) {
        List<String> parts = new ArrayList<>();
        if (a.hasF()) {
            parts.add(Float.toString(a.getF()));
        }
        if (a.hasI()) {
            parts.add(Long.toString(a.getI()));
        }
        if (a.hasS()) {
            parts.add("'" + a.getS().toStringUtf8() + "'");
        }
        if (a.getFloatsCount() > 0) {
            parts.add(a.getFloatsList().toString());
        }
        if (a.getIntsCount() > 0) {
            parts.add(a.getIntsList().toString());
        }
        if (a.getStringsCount() > 0) {
            parts.add(strings(a).toString());
        }
        if (a.hasT()) {
            parts.add("a tensor");
        }
        return parts.isEmpty() ? "(empty)" : String.join(" ", parts);
    }

    private static List<String> strings(AttributeProto a) {
        List<String> out = new ArrayList<>();
        for (ByteString s : a.getStringsList()) {
            out.add(s.toStringUtf8());
        }
        return out;
    }

    /** Reads one node: attributes, then weights. */
    private static final class NodeReader {
        private final NodeProto node;
        private final RecurrentOp op;
        private final String what;
        private final Map<String, TensorProto> constants;
        private final Map<String, OnnxArray> feeds;
        private final Map<String, AttributeProto> attrs = new LinkedHashMap<>();

        NodeReader(NodeProto node, String where, Map<String, TensorProto> constants, Map<String, OnnxArray> feeds) {
            this.node = node;
            this.op = RecurrentOp.valueOf(node.getOpType());
            this.what = where + ": " + op + " node '" + node.getName() + "'";
            this.constants = constants;
            this.feeds = feeds;
        }

        OnnxRecurrentNode read() {
            Set<String> known = op == RecurrentOp.LSTM ? LSTM_ATTRIBUTES : GRU_ATTRIBUTES;
            for (AttributeProto a : node.getAttributeList()) {
                if (!known.contains(a.getName())) {
                    throw refuse(a, "is not an attribute of ONNX's " + op + " that Carousel knows " + known);
                }
                attrs.put(a.getName(), a);
            }
            if (attrs.containsKey("clip")) {
                throw refuse(attrs.get("clip"), "is not supported: Carousel does not clip the gate pre-activations");
            }
            for (String k : List.of("activation_alpha", "activation_beta")) {
                AttributeProto a = attrs.get(k);
                if (a != null && (a.getFloatsCount() > 0 || a.hasF())) {
                    throw refuse(a, "is not supported: Carousel computes the default activations, which take no "
                            + "alpha/beta");
                }
            }
            Direction direction = direction();
            int nD = direction.count();
            checkActivations(nD);
            int layout = (int) intAttr("layout", 0, 0, 1);
            boolean resetAfter = false;
            if (op == RecurrentOp.LSTM) {
                long inputForget = intAttr("input_forget", 0, 0, 1);
                if (inputForget == 1) {
                    throw refuse(attrs.get("input_forget"), "is not supported: ONNX leaves the coupling undefined "
                            + "and ONNX Runtime computes f = 1 - i, while Carousel's CIFG is i = 1 - f "
                            + "(see docs/onnx.md)");
                }
            } else {
                resetAfter = intAttr("linear_before_reset", 0, 0, 1) == 1;
            }

            if (input(0).isEmpty()) {
                throw new OnnxImportException(what + ": input X (index 0) is missing");
            }
            int g = op.gates();
            OnnxArray w = requireWeight(1, "W");
            OnnxArray r = requireWeight(2, "R");
            if (w.shape().length != 3 || w.dim(0) != nD || w.dim(1) % g != 0 || w.dim(1) == 0 || w.dim(2) == 0) {
                throw new OnnxImportException(what + ": W '" + w.name() + "' must be [num_directions=" + nD + ", "
                        + g + "*hidden_size, input_size], got " + Arrays.toString(w.shape()));
            }
            int nH = w.dim(1) / g;
            int nI = w.dim(2);
            AttributeProto hs = attrs.get("hidden_size");
            if (hs != null && hs.getI() != nH) {
                throw refuse(hs, "does not match W '" + w.name() + "' " + Arrays.toString(w.shape()) + " (" + g
                        + " gate blocks of " + nH + " rows)");
            }
            checkShape(r, "R", nD, g * nH, nH);
            DType dtype = dtype(w);
            OnnxArray b = optional(3, "B");
            if (b != null) {
                checkShape(b, "B", nD, 2 * g * nH);
            }
            OnnxArray p = null;
            OnnxArray h0 = optional(5, "initial_h");
            OnnxArray c0 = null;
            if (op == RecurrentOp.LSTM) {
                c0 = optional(6, "initial_c");
                p = optional(7, "P");
                if (p != null) {
                    checkShape(p, "P", nD, 3 * nH);
                }
            }
            OnnxArray lens = optional(4, "sequence_lens");
            int[] sequenceLens = null;
            if (lens != null) {
                if (lens.shape().length != 1) {
                    throw new OnnxImportException(what + ": sequence_lens must be [batch_size], got "
                            + Arrays.toString(lens.shape()));
                }
                sequenceLens = lens.toIntArray();
                for (int k = 0; k < sequenceLens.length; k++) {
                    if (sequenceLens[k] < 0) {
                        throw new OnnxImportException(what + ": sequence_lens[" + k + "] = " + sequenceLens[k]
                                + " is negative");
                    }
                }
            }
            List<Map<String, double[]>> weights = new ArrayList<>();
            for (int d = 0; d < nD; d++) {
                weights.add(OnnxWeights.toInterchange(op, new OnnxWeights.PerDirection(
                        slice(w, d), slice(r, d), b == null ? null : slice(b, d), p == null ? null : slice(p, d)),
                        nH, nI));
            }
            LstmSpec lstm = op == RecurrentOp.LSTM
                    ? new LstmSpec(nI, nH, p != null, true, false, Activation.TANH, Activation.TANH) : null;
            GruSpec gru = op == RecurrentOp.GRU ? new GruSpec(nI, nH, resetAfter) : null;
            return new OnnxRecurrentNode(op, node.getName(), lstm, gru, direction, layout, dtype, weights,
                    state(h0, "initial_h", nD, nH, layout), state(c0, "initial_c", nD, nH, layout), sequenceLens,
                    node.getInputList(), node.getOutputList());
        }

        private OnnxImportException refuse(AttributeProto a, String reason) {
            return new OnnxImportException(what + ": attribute " + a.getName() + " = " + describe(a) + " " + reason);
        }

        private Direction direction() {
            AttributeProto a = attrs.get("direction");
            if (a == null) {
                return Direction.FORWARD;
            }
            try {
                return Direction.fromKey(a.getS().toStringUtf8());
            } catch (IllegalArgumentException e) {
                throw refuse(a, "is not one of forward, reverse, bidirectional");
            }
        }

        private void checkActivations(int nD) {
            AttributeProto a = attrs.get("activations");
            if (a == null) {
                return;
            }
            List<String> expected = op == RecurrentOp.LSTM ? LSTM_ACTIVATIONS : GRU_ACTIVATIONS;
            List<String> got = strings(a);
            boolean ok = got.size() == nD * expected.size();
            for (int k = 0; ok && k < got.size(); k++) {
                ok = got.get(k).toLowerCase(Locale.ROOT).equals(expected.get(k % expected.size()));
            }
            if (!ok) {
                throw refuse(a, "is not supported: Carousel computes ONNX's default activations only ("
                        + (op == RecurrentOp.LSTM ? "Sigmoid, Tanh, Tanh" : "Sigmoid, Tanh") + " per direction)");
            }
        }

        private long intAttr(String name, long dflt, long min, long max) {
            AttributeProto a = attrs.get(name);
            if (a == null) {
                return dflt;
            }
            if (!a.hasI() || a.getI() < min || a.getI() > max) {
                throw refuse(a, "must be an int in [" + min + ", " + max + "]");
            }
            return a.getI();
        }

        private String input(int k) {
            return k < node.getInputCount() ? node.getInput(k) : "";
        }

        private OnnxArray requireWeight(int k, String label) {
            if (input(k).isEmpty()) {
                throw new OnnxImportException(what + ": input " + label + " (index " + k + ") is missing");
            }
            OnnxArray a = optional(k, label);
            if (a == null) {
                throw new OnnxImportException(what + ": input " + label + " '" + input(k) + "' is not a constant of "
                        + "the file (an initializer or a Constant node); Carousel imports stored weights only");
            }
            return a;
        }

        /** The constant input k, or null when it is omitted or given at run time. */
        private OnnxArray optional(int k, String label) {
            String name = input(k);
            if (name.isEmpty()) {
                return null;
            }
            if (feeds.containsKey(name)) {
                return feeds.get(name);
            }
            TensorProto t = constants.get(name);
            if (t == null) {
                return null;
            }
            return OnnxTensors.toArray(t, what + " input " + label);
        }

        private DType dtype(OnnxArray w) {
            if (w.sourceType() == OnnxTensors.DOUBLE) {
                return DType.FLOAT64;
            }
            if (w.sourceType() == OnnxTensors.FLOAT || w.sourceType() == 0) {
                return DType.FLOAT32;
            }
            throw new OnnxImportException(what + ": W '" + w.name() + "' has element type "
                    + OnnxTensors.typeName(w.sourceType()) + "; expected FLOAT or DOUBLE");
        }

        private void checkShape(OnnxArray a, String label, int... dims) {
            if (!Arrays.equals(a.shape(), dims)) {
                throw new OnnxImportException(what + ": " + label + " '" + a.name() + "' must be "
                        + Arrays.toString(dims) + ", got " + Arrays.toString(a.shape()));
            }
        }

        /** initial_h / initial_c as [D, B, H] whatever the layout. */
        private OnnxArray state(OnnxArray s, String label, int nD, int nH, int layout) {
            if (s == null) {
                return null;
            }
            int[] sh = s.shape();
            boolean ok = sh.length == 3 && sh[2] == nH && (layout == 0 ? sh[0] == nD : sh[1] == nD);
            if (!ok) {
                throw new OnnxImportException(what + ": " + label + " '" + s.name() + "' must be "
                        + (layout == 0 ? "[" + nD + ", batch, " + nH + "]" : "[batch, " + nD + ", " + nH + "]")
                        + " (layout " + layout + "), got " + Arrays.toString(sh));
            }
            if (layout == 0) {
                return new OnnxArray(s.name(), sh.clone(), s.data().clone(), s.sourceType());
            }
            int nB = sh[0];
            double[] out = new double[s.size()];
            for (int b = 0; b < nB; b++) {
                for (int d = 0; d < nD; d++) {
                    System.arraycopy(s.data(), (b * nD + d) * nH, out, (d * nB + b) * nH, nH);
                }
            }
            return new OnnxArray(s.name(), new int[] {nD, nB, nH}, out, s.sourceType());
        }
    }

    /** Direction d of a [D, ...] array, flat. */
    private static double[] slice(OnnxArray a, int d) {
        int block = a.size() / a.dim(0);
        return Arrays.copyOfRange(a.data(), d * block, (d + 1) * block);
    }
}
