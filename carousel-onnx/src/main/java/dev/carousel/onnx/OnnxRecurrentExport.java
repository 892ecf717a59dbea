package dev.carousel.onnx;

import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.GraphProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.NodeProto;
import dev.carousel.onnx.proto.OnnxSubset.OperatorSetIdProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorShapeProto;
import dev.carousel.onnx.proto.OnnxSubset.TypeProto;
import dev.carousel.onnx.proto.OnnxSubset.ValueInfoProto;
import dev.carousel.spec.Activation;
import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one Carousel LSTM or GRU layer as an ONNX model with a single {@code LSTM} / {@code GRU} node (opset 14):
 *
 * <pre>
 *   graph inputs   X [T, B, I] (layout 0) or [B, T, I] (layout 1), T and B symbolic ("sequence", "batch");
 *                  optionally sequence_lens [B] (int32), initial_h (, initial_c) [D, B, H] or [B, D, H]
 *   initializers   W [D, G H, I], R [D, G H, H], B [D, 2 G H], P [D, 3 H] (peepholes)
 *   graph outputs  Y [T, D, B, H] or [B, T, D, H]; Y_h (, Y_c) [D, B, H] or [B, D, H]
 * </pre>
 *
 * What ONNX cannot express is refused with an {@link IllegalArgumentException} naming the variant: an LSTM without a
 * forget gate (NFG, the 1997 LSTM), CIFG (ONNX Runtime couples the gates the other way round), act_g or act_h other
 * than tanh (the 1997 squashers, identity, sigmoid). See
 * docs/onnx.md. The file is written atomically (a temporary file in the same folder, then a rename).
 */
public final class OnnxRecurrentExport {
    /** The opset of the written models. */
    public static final int OPSET = 14;
    /** The IR version of the written models (opset 14 needs IR 7 or later). */
    public static final int IR_VERSION = 8;
    /** Graph input/output and initializer names. */
    public static final String X = "X";
    public static final String SEQUENCE_LENS = "sequence_lens";
    public static final String INITIAL_H = "initial_h";
    public static final String INITIAL_C = "initial_c";
    public static final String Y = "Y";
    public static final String Y_H = "Y_h";
    public static final String Y_C = "Y_c";
    /** The symbolic dimensions of the graph inputs. */
    public static final String BATCH = "batch";
    public static final String SEQUENCE = "sequence";

    /** Optional graph inputs of the exported model. */
    public enum OptionalInput {
        /** sequence_lens [B] int32: per-sequence lengths, the steps after them are padding. */
        SEQUENCE_LENS,
        /** initial_h (and initial_c for the LSTM): initial states; zeros when the model has no such input. */
        INITIAL_STATE
    }

    private OnnxRecurrentExport() {
    }

    /** An LSTM with graph input X only (see {@link #write(Path, LstmSpec, Direction, List, DType, int, Set)}). */
    public static void write(Path file, LstmSpec spec, Direction direction, List<Map<String, double[]>> weights,
                             DType dtype, int layout) throws IOException {
        write(file, spec, direction, weights, dtype, layout, EnumSet.noneOf(OptionalInput.class));
    }

    /**
     * Writes an LSTM.
     *
     * @param weights one interchange map per direction (forward first): w_ih [4H, I], w_hh [4H, H], b_ih, b_hh [4H]
     *                (rows i, f, g, o), and p_i, p_f, p_o [H] with peepholes
     * @param dtype   the element type of the model's tensors (float32 or float64)
     * @param layout  ONNX's layout attribute: 0 time-major, 1 batch-first
     * @param inputs  which optional graph inputs the model has
     * @throws IllegalArgumentException for what ONNX cannot express, or weights of the wrong shape
     */
    public static void write(Path file, LstmSpec spec, Direction direction, List<Map<String, double[]>> weights,
                             DType dtype, int layout, Set<OptionalInput> inputs) throws IOException {
        writeAtomically(file, lstmModel(spec, direction, weights, dtype, layout, inputs));
    }

    /** A GRU with graph input X only (see {@link #write(Path, GruSpec, Direction, List, DType, int, Set)}). */
    public static void write(Path file, GruSpec spec, Direction direction, List<Map<String, double[]>> weights,
                             DType dtype, int layout) throws IOException {
        write(file, spec, direction, weights, dtype, layout, EnumSet.noneOf(OptionalInput.class));
    }

    /**
     * Writes a GRU (linear_before_reset = 1 for reset-after, 0 for reset-before).
     *
     * @param weights one interchange map per direction: w_ih [3H, I], w_hh [3H, H], b_ih, b_hh [3H] (rows r, z, n)
     */
    public static void write(Path file, GruSpec spec, Direction direction, List<Map<String, double[]>> weights,
                             DType dtype, int layout, Set<OptionalInput> inputs) throws IOException {
        writeAtomically(file, gruModel(spec, direction, weights, dtype, layout, inputs));
    }

    /** Writes the node an import returned (same spec, direction, weights, dtype and layout). */
    public static void write(Path file, OnnxRecurrentNode node, Set<OptionalInput> inputs) throws IOException {
        if (node.lstmSpec() != null) {
            write(file, node.lstmSpec(), node.direction(), node.weights(), node.dtype(), node.layout(), inputs);
        } else {
            write(file, node.gruSpec(), node.direction(), node.weights(), node.dtype(), node.layout(), inputs);
        }
    }

    /** The serialized model of an LSTM (what {@link #write} writes). */
    public static byte[] lstmModel(LstmSpec spec, Direction direction, List<Map<String, double[]>> weights,
                                   DType dtype, int layout, Set<OptionalInput> inputs) {
        checkExportable(spec);
        return model(RecurrentOp.LSTM, spec.inputSize(), spec.hiddenSize(), spec.peepholes(), false, direction, weights, dtype, layout, inputs).toByteArray();
    }

    /** The serialized model of a GRU. */
    public static byte[] gruModel(GruSpec spec, Direction direction, List<Map<String, double[]>> weights,
                                  DType dtype, int layout, Set<OptionalInput> inputs) {
        return model(RecurrentOp.GRU, spec.inputSize(), spec.hiddenSize(), false, spec.resetAfter(),
                direction, weights, dtype, layout, inputs).toByteArray();
    }

    /**
     * Refuses an LSTM that ONNX's LSTM cannot compute.
     *
     * @throws IllegalArgumentException naming the variant
     */
    public static void checkExportable(LstmSpec spec) {
        if (!spec.forgetGate()) {
            throw new IllegalArgumentException("ONNX export: an LSTM without a forget gate (NFG, f_t = 1, e.g. the "
                    + "1997 LSTM) cannot be written: ONNX's LSTM always has a forget gate");
        }
        if (spec.coupledInputForget()) {
            throw new IllegalArgumentException("ONNX export: a CIFG LSTM (coupled input and forget gates, i_t = 1 - "
                    + "f_t) cannot be written: ONNX's input_forget = 1 does not define the coupling, and ONNX Runtime "
                    + "computes it as f_t = 1 - i_t (measured, see docs/onnx.md), not as Carousel's i_t = 1 - f_t");
        }
        if (spec.cellActivation() != Activation.TANH || spec.outputActivation() != Activation.TANH) {
            throw new IllegalArgumentException("ONNX export: act_g=" + spec.cellActivation().key() + ", act_h="
                    + spec.outputActivation().key() + " cannot be written: Carousel writes ONNX's default "
                    + "activations only (act_g = act_h = tanh); see docs/onnx.md");
        }
    }

    private static ModelProto model(RecurrentOp op, int nIn, int nH, boolean peepholes, boolean resetAfter, Direction direction, List<Map<String, double[]>> weights,
                                    DType dtype, int layout, Set<OptionalInput> inputs) {
        if (direction == null) {
            throw new IllegalArgumentException("ONNX export: direction must not be null");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("ONNX export: dtype must not be null");
        }
        if (layout != 0 && layout != 1) {
            throw new IllegalArgumentException("ONNX export: layout must be 0 (time-major) or 1 (batch-first), got "
                    + layout);
        }
        int nD = direction.count();
        if (weights == null || weights.size() != nD) {
            throw new IllegalArgumentException("ONNX export: direction " + direction.key() + " needs " + nD
                    + " weight map(s), got " + (weights == null ? "null" : weights.size()));
        }
        int g = op.gates();
        double[] w = new double[nD * g * nH * nIn];
        double[] r = new double[nD * g * nH * nH];
        double[] b = new double[nD * 2 * g * nH];
        double[] p = peepholes ? new double[nD * 3 * nH] : null;
        for (int d = 0; d < nD; d++) {
            String where = "ONNX export, " + op + " direction " + d;
            OnnxWeights.PerDirection o = OnnxWeights.toOnnx(op, weights.get(d), nH, nIn,
                    peepholes, where);
            System.arraycopy(o.w(), 0, w, d * o.w().length, o.w().length);
            System.arraycopy(o.r(), 0, r, d * o.r().length, o.r().length);
            System.arraycopy(o.b(), 0, b, d * o.b().length, o.b().length);
            if (peepholes) {
                System.arraycopy(o.p(), 0, p, d * o.p().length, o.p().length);
            }
        }
        int elem = OnnxTensors.elementType(dtype);
        GraphProto.Builder graph = GraphProto.newBuilder().setName("carousel_" + op.name().toLowerCase());
        graph.addInitializer(OnnxTensors.floatingTensor("W", new int[] {nD, g * nH, nIn}, w, dtype));
        graph.addInitializer(OnnxTensors.floatingTensor("R", new int[] {nD, g * nH, nH}, r, dtype));
        graph.addInitializer(OnnxTensors.floatingTensor("B", new int[] {nD, 2 * g * nH}, b, dtype));
        if (peepholes) {
            graph.addInitializer(OnnxTensors.floatingTensor("P", new int[] {nD, 3 * nH}, p, dtype));
        }
        Object[] xShape = layout == 0 ? new Object[] {SEQUENCE, BATCH, nIn} : new Object[] {BATCH, SEQUENCE, nIn};
        Object[] stateShape = layout == 0 ? new Object[] {nD, BATCH, nH} : new Object[] {BATCH, nD, nH};
        Object[] yShape = layout == 0 ? new Object[] {SEQUENCE, nD, BATCH, nH}
                : new Object[] {BATCH, SEQUENCE, nD, nH};
        graph.addInput(valueInfo(X, elem, xShape));
        boolean lens = inputs.contains(OptionalInput.SEQUENCE_LENS);
        boolean init = inputs.contains(OptionalInput.INITIAL_STATE);
        if (lens) {
            graph.addInput(valueInfo(SEQUENCE_LENS, OnnxTensors.INT32, new Object[] {BATCH}));
        }
        if (init) {
            graph.addInput(valueInfo(INITIAL_H, elem, stateShape));
            if (op == RecurrentOp.LSTM) {
                graph.addInput(valueInfo(INITIAL_C, elem, stateShape));
            }
        }
        List<String> nodeInputs = new ArrayList<>(List.of(X, "W", "R", "B", lens ? SEQUENCE_LENS : "",
                init ? INITIAL_H : ""));
        if (op == RecurrentOp.LSTM) {
            nodeInputs.add(init ? INITIAL_C : "");
            nodeInputs.add(peepholes ? "P" : "");
        }
        while (nodeInputs.get(nodeInputs.size() - 1).isEmpty()) {
            nodeInputs.remove(nodeInputs.size() - 1);
        }
        NodeProto.Builder node = NodeProto.newBuilder().setName(op.name().toLowerCase()).setOpType(op.opType())
                .addAllInput(nodeInputs).addOutput(Y).addOutput(Y_H);
        graph.addOutput(valueInfo(Y, elem, yShape));
        graph.addOutput(valueInfo(Y_H, elem, stateShape));
        if (op == RecurrentOp.LSTM) {
            node.addOutput(Y_C);
            graph.addOutput(valueInfo(Y_C, elem, stateShape));
        }
        node.addAttribute(intAttr("hidden_size", nH));
        node.addAttribute(AttributeProto.newBuilder().setName("direction").setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(direction.key())));
        if (layout != 0) {
            node.addAttribute(intAttr("layout", layout));
        }
        if (op == RecurrentOp.GRU) {
            node.addAttribute(intAttr("linear_before_reset", resetAfter ? 1 : 0));
        }
        graph.addNode(node);
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("carousel-onnx")
                .setProducerVersion(version())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph)
                .build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static ValueInfoProto valueInfo(String name, int elemType, Object[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer i) {
                dim.setDimValue(i);
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    private static String version() {
        String v = OnnxRecurrentExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
