package dev.carousel.verify;

import dev.carousel.onnx.Direction;
import dev.carousel.onnx.OnnxRecurrentExport;
import dev.carousel.onnx.OnnxTensors;
import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.GraphProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.NodeProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.Masks;
import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import dev.carousel.spec.Activation;
import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes ONNX backend-test folders for the tests: a model exported by {@link OnnxRecurrentExport} (asymmetric random
 * weights, graph inputs X, sequence_lens, initial_h, initial_c) and data sets whose expected Y, Y_h, Y_c are computed
 * by the float64 reference ({@link RecurrentLayer}, its own reversed mode for the backward direction), written as
 * TensorProto files; and broken variants of such a folder.
 */
final class OnnxFolders {
    static final int B = 3;
    static final int T = 5;
    static final int I = 3;
    static final int H = 4;

    private OnnxFolders() {
    }

    static Path root() throws Exception {
        return Path.of(OnnxFolders.class.getResource("/onnx-node-tests/README.md").toURI()).getParent();
    }

    /** A peephole LSTM (lstm = true) or a reset-before GRU, exported and given {@code sets} data sets. */
    static Path exported(Path dir, boolean lstm, Direction direction, int layout, DType dtype, long seed, int sets)
            throws IOException {
        Files.createDirectories(dir);
        Random r = RandomArrays.rng(seed);
        LstmSpec lstmSpec = lstm ? new LstmSpec(I, H, true, true, false, Activation.TANH, Activation.TANH) : null;
        GruSpec gruSpec = lstm ? null : new GruSpec(I, H, false);
        int nD = direction.count();
        List<Map<String, double[]>> weights = new ArrayList<>();
        for (int d = 0; d < nD; d++) {
            Map<String, double[]> w = new LinkedHashMap<>();
            for (Param p : cell(lstmSpec, gruSpec).params()) {
                w.put(p.name(), round(RandomArrays.uniform(r, p.size(), 0.6), dtype));
            }
            weights.add(w);
        }
        Path model = dir.resolve("model.onnx");
        if (lstm) {
            OnnxRecurrentExport.write(model, lstmSpec, direction, weights, dtype, layout,
                    EnumSet.allOf(OnnxRecurrentExport.OptionalInput.class));
        } else {
            OnnxRecurrentExport.write(model, gruSpec, direction, weights, dtype, layout,
                    EnumSet.allOf(OnnxRecurrentExport.OptionalInput.class));
        }
        for (int s = 0; s < sets; s++) {
            double[][][] x = new double[B][T][];
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    x[b][t] = round(RandomArrays.uniform(r, I, 1.0), dtype);
                }
            }
            int[] lens = {T, 1 + r.nextInt(T - 1), 1 + r.nextInt(T - 1)};
            double[][][] h0 = states(r, nD, dtype);
            double[][][] c0 = states(r, nD, dtype);
            double[][][][] y = new double[nD][][][];
            double[][][] hN = new double[nD][][];
            double[][][] cN = new double[nD][][];
            for (int d = 0; d < nD; d++) {
                RecurrentCell cell = cell(lstmSpec, gruSpec);
                for (Param p : cell.params()) {
                    p.set(weights.get(d).get(p.name()));
                }
                RecurrentLayer layer = new RecurrentLayer(cell, direction.reversed(d));
                RecurrentLayer.Forward f = layer.forward(x, Masks.fromLengths(lens, T),
                        lstm ? new double[][][] {h0[d], c0[d]} : new double[][][] {h0[d]});
                y[d] = f.y;
                hN[d] = f.hN();
                cN[d] = lstm ? f.cN() : null;
            }
            Path set = dir.resolve("test_data_set_" + s);
            Files.createDirectories(set);
            boolean bf = layout == 1;
            double[] xFlat = new double[B * T * I];
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    System.arraycopy(x[b][t], 0, xFlat, (bf ? b * T + t : t * B + b) * I, I);
                }
            }
            write(set.resolve("input_0.pb"), OnnxTensors.floatingTensor("X", bf ? new int[] {B, T, I}
                    : new int[] {T, B, I}, xFlat, dtype));
            write(set.resolve("input_1.pb"), OnnxTensors.int32Tensor("sequence_lens", new int[] {B}, lens));
            write(set.resolve("input_2.pb"), stateTensor("initial_h", h0, bf, dtype));
            if (lstm) {
                write(set.resolve("input_3.pb"), stateTensor("initial_c", c0, bf, dtype));
            }
            double[] yFlat = new double[T * nD * B * H];
            for (int d = 0; d < nD; d++) {
                for (int b = 0; b < B; b++) {
                    for (int t = 0; t < T; t++) {
                        System.arraycopy(y[d][b][t], 0, yFlat, (bf ? (b * T + t) * nD + d : (t * nD + d) * B + b) * H,
                                H);
                    }
                }
            }
            write(set.resolve("output_0.pb"), OnnxTensors.floatingTensor("Y", bf ? new int[] {B, T, nD, H}
                    : new int[] {T, nD, B, H}, yFlat, dtype));
            write(set.resolve("output_1.pb"), stateTensor("Y_h", hN, bf, dtype));
            if (lstm) {
                write(set.resolve("output_2.pb"), stateTensor("Y_c", cN, bf, dtype));
            }
        }
        return dir;
    }

    private static RecurrentCell cell(LstmSpec lstm, GruSpec gru) {
        return lstm != null ? new LstmCell(lstm) : new GruCell(gru);
    }

    private static double[] round(double[] v, DType dtype) {
        if (dtype == DType.FLOAT32) {
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) v[k];
            }
        }
        return v;
    }

    private static double[][][] states(Random r, int nD, DType dtype) {
        double[][][] s = new double[nD][B][];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < B; b++) {
                s[d][b] = round(RandomArrays.uniform(r, H, 0.5), dtype);
            }
        }
        return s;
    }

    /** [D][B][H] as [D, B, H] or, batch-first, [B, D, H]. */
    private static TensorProto stateTensor(String name, double[][][] s, boolean batchFirst, DType dtype) {
        int nD = s.length;
        double[] flat = new double[nD * B * H];
        for (int d = 0; d < nD; d++) {
            for (int b = 0; b < B; b++) {
                System.arraycopy(s[d][b], 0, flat, (batchFirst ? b * nD + d : d * B + b) * H, H);
            }
        }
        return OnnxTensors.floatingTensor(name, batchFirst ? new int[] {B, nD, H} : new int[] {nD, B, H}, flat,
                dtype);
    }

    static void write(Path file, TensorProto t) throws IOException {
        Files.write(file, t.toByteArray());
    }

    /** Multiplies value {@code index} of a stored output by {@code factor}. */
    static void corrupt(Path pb, int index, double factor) throws IOException {
        TensorProto t = TensorProto.parseFrom(Files.readAllBytes(pb));
        var a = OnnxTensors.toArray(t, pb.toString());
        double[] v = a.data().clone();
        v[index] = v[index] * factor + 0.01;
        DType dtype = t.getDataType() == OnnxTensors.DOUBLE ? DType.FLOAT64 : DType.FLOAT32;
        write(pb, OnnxTensors.floatingTensor(t.getName(), a.shape(), v, dtype));
    }

    /** The broken folders, by name, with a fragment of the one-line reason their ERROR row must give. */
    static Map<String, String> broken(Path root) throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        Path good = exported(root.resolve("bad-template"), true, Direction.FORWARD, 0, DType.FLOAT64, 7, 1);
        byte[] model = Files.readAllBytes(good.resolve("model.onnx"));
        ModelProto m = ModelProto.parseFrom(model);

        Path truncated = copy(good, root.resolve("bad-truncated"));
        Files.write(truncated.resolve("model.onnx"), Arrays.copyOf(model, model.length / 2));
        expected.put("bad-truncated", "not a valid ONNX model");

        Path other = copy(good, root.resolve("bad-other-op"));
        writeModel(other, m.toBuilder().setGraph(m.getGraph().toBuilder()
                .setNode(0, m.getGraph().getNode(0).toBuilder().setOpType("RNN"))).build());
        expected.put("bad-other-op", "no LSTM or GRU node");

        Path two = copy(good, root.resolve("bad-two-nodes"));
        NodeProto n = m.getGraph().getNode(0).toBuilder().setName("").build();
        NodeProto second = n.toBuilder().clearOutput().addOutput("Y2").addOutput("Y_h2").addOutput("Y_c2").build();
        GraphProto.Builder g2 = m.getGraph().toBuilder().setNode(0, n).addNode(second);
        writeModel(two, m.toBuilder().setGraph(g2).build());
        expected.put("bad-two-nodes", "2 recurrent nodes");

        Path clip = copy(good, root.resolve("bad-clip"));
        NodeProto clipped = m.getGraph().getNode(0).toBuilder().addAttribute(AttributeProto.newBuilder()
                .setName("clip").setType(AttributeProto.AttributeType.FLOAT).setF(3f)).build();
        writeModel(clip, m.toBuilder().setGraph(m.getGraph().toBuilder().setNode(0, clipped)).build());
        expected.put("bad-clip", "clip");

        Path missing = copy(good, root.resolve("bad-missing-output"));
        Files.delete(missing.resolve("test_data_set_0/output_0.pb"));
        expected.put("bad-missing-output", "no output_0.pb");

        deleteTree(good);
        return expected;
    }

    private static void writeModel(Path dir, ModelProto m) throws IOException {
        Files.write(dir.resolve("model.onnx"), m.toByteArray());
    }

    static Path copy(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
