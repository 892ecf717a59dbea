package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.Direction;
import dev.carousel.onnx.OnnxRecurrentExport;
import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.GraphProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.NodeProto;
import dev.carousel.onnx.proto.OnnxSubset.OperatorSetIdProto;
import dev.carousel.spec.DType;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carousel onnx show|import}: the node of an exported model is shown and imported into an .npz holding the
 * interchange weights exactly; a bad file gives one line and exit code 1, a usage error exit code 2.
 */
class OnnxCommandTest {
    private static final int I = 3;
    private static final int H = 4;

    @TempDir
    Path tmp;

    private static Map<String, double[]> weights(long seed) {
        Map<String, double[]> w = new LinkedHashMap<>();
        w.put("w_ih", RandomArrays.uniform(seed, 4 * H * I, 0.5));
        w.put("w_hh", RandomArrays.uniform(seed + 1, 4 * H * H, 0.5));
        w.put("b_ih", RandomArrays.uniform(seed + 2, 4 * H, 0.5));
        w.put("b_hh", RandomArrays.uniform(seed + 3, 4 * H, 0.5));
        w.put("p_i", RandomArrays.uniform(seed + 4, H, 0.5));
        w.put("p_f", RandomArrays.uniform(seed + 5, H, 0.5));
        w.put("p_o", RandomArrays.uniform(seed + 6, H, 0.5));
        return w;
    }

    @Test
    void showAndImportABidirectionalPeepholeLstm() throws IOException {
        Path model = tmp.resolve("bi.onnx");
        Map<String, double[]> fwd = weights(1);
        Map<String, double[]> bwd = weights(11);
        OnnxRecurrentExport.write(model, LstmSpec.peephole(I, H), Direction.BIDIRECTIONAL, List.of(fwd, bwd),
                DType.FLOAT64, 0);

        VerifyCommandTest.Run show = VerifyCommandTest.run("onnx", "show", model.toString());
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("LSTM") && show.out().contains("bidirectional"), show.out());

        Path npz = tmp.resolve("out/weights.npz");
        VerifyCommandTest.Run imp = VerifyCommandTest.run("onnx", "import", model.toString(), "--out",
                npz.toString());
        assertEquals(0, imp.exit(), imp.err());
        assertEquals("", imp.err());
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            for (Map.Entry<String, double[]> e : fwd.entrySet()) {
                assertArrayEquals(e.getValue(), read(zip, e.getKey()), e.getKey());
                assertArrayEquals(bwd.get(e.getKey()), read(zip, e.getKey() + "_reverse"), e.getKey() + "_reverse");
            }
            assertEquals(14, zip.size());
            NpyArray wih = npy(zip, "w_ih");
            assertArrayEquals(new int[] {4 * H, I}, wih.getShape());
        }
        try (var files = Files.list(npz.getParent())) {
            assertEquals(List.of("weights.npz"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left");
        }
    }

    private static NpyArray npy(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name + ".npy");
        assertTrue(e != null, "no " + name + ".npy");
        Path p = Files.createTempFile("npy", ".npy");
        try (var in = zip.getInputStream(e)) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return NpyFile.read(p, Integer.MAX_VALUE);
        } finally {
            Files.delete(p);
        }
    }

    private static double[] read(ZipFile zip, String name) throws IOException {
        return npy(zip, name).asDoubleArray();
    }

    private static byte[] model(NodeProto... nodes) {
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(14))
                .setGraph(GraphProto.newBuilder().setName("g").addAllNode(Arrays.asList(nodes))).build()
                .toByteArray();
    }

    private static NodeProto node(String op, String name, AttributeProto... attrs) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput("X").addInput("W").addInput("R")
                .addOutput("Y").addAllAttribute(Arrays.asList(attrs)).build();
    }

    @Test
    void badFilesGiveOneLineAndExitOne() throws IOException {
        Path good = tmp.resolve("good.onnx");
        OnnxRecurrentExport.write(good, LstmSpec.peephole(I, H), Direction.FORWARD, List.of(weights(3)),
                DType.FLOAT32, 0);
        byte[] bytes = Files.readAllBytes(good);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("truncated", Arrays.copyOf(bytes, bytes.length / 2));
        bad.put("text", "not an onnx model\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bad.put("another-op", model(node("RNN", "rnn")));
        bad.put("two-nodes", model(node("LSTM", "a"), node("GRU", "b")));
        bad.put("clip", model(node("LSTM", "enc", AttributeProto.newBuilder().setName("clip").setF(3.5f)
                .setType(AttributeProto.AttributeType.FLOAT).build())));
        Map<String, String> expected = Map.of("another-op", "RNN", "two-nodes", "'a'", "clip", "clip");
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            Path f = Files.write(tmp.resolve(e.getKey() + ".onnx"), e.getValue());
            for (String cmd : new String[] {"show", "import"}) {
                VerifyCommandTest.Run r = cmd.equals("show") ? VerifyCommandTest.run("onnx", "show", f.toString())
                        : VerifyCommandTest.run("onnx", "import", f.toString(), "--out",
                                tmp.resolve("never/" + e.getKey() + ".npz").toString());
                String what = e.getKey() + " " + cmd;
                assertEquals(1, r.exit(), what + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), what + ": one line, got " + r.err());
                assertTrue(r.err().startsWith("carousel onnx " + cmd + ": "), what + ": " + r.err());
                assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what + ": " + r.err());
                if (expected.containsKey(e.getKey())) {
                    assertTrue(r.err().contains(expected.get(e.getKey())), what + ": " + r.err());
                }
                assertFalse(Files.exists(tmp.resolve("never/" + e.getKey() + ".npz")), what + ": nothing written");
            }
        }
    }

    @Test
    void usageErrorsExitTwo() {
        VerifyCommandTest.Run missing = VerifyCommandTest.run("onnx", "show", tmp.resolve("none.onnx").toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("an existing .onnx file"), missing.err());
        VerifyCommandTest.Run noOut = VerifyCommandTest.run("onnx", "import", "x.onnx");
        assertEquals(2, noOut.exit(), noOut.err());
        VerifyCommandTest.Run notNpz = VerifyCommandTest.run("onnx", "import", "x.onnx", "--out",
                tmp.resolve("w.txt").toString());
        assertEquals(2, notNpz.exit(), notNpz.err());
        assertTrue(notNpz.err().contains("ending in .npz"), notNpz.err());
    }
}
