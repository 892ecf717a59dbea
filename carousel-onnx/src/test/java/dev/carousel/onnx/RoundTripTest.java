package dev.carousel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.OnnxRecurrentExport.OptionalInput;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.NodeProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Carousel → ONNX (float64) → import gives identical weights (exact) and spec, for every variant and layout. */
class RoundTripTest {
    @TempDir
    Path dir;

    @Test
    void float64RoundTripIsExact() throws Exception {
        Random rnd = new Random(31);
        for (Direction d : Direction.values()) {
            for (int layout = 0; layout <= 1; layout++) {
                for (LstmSpec s : List.of(LstmSpec.peephole(3, 4), LstmSpec.vanilla(3, 4))) {
                    List<Map<String, double[]>> w = Fixtures.lstm(s, d, rnd);
                    Path f = dir.resolve("l.onnx");
                    OnnxRecurrentExport.write(f, s, d, w, DType.FLOAT64, layout);
                    OnnxRecurrentNode n = OnnxRecurrentImport.read(f);
                    assertEquals(s, n.lstmSpec());
                    check(w, n, d, layout);
                }
                for (boolean after : new boolean[] {true, false}) {
                    GruSpec s = new GruSpec(3, 4, after);
                    List<Map<String, double[]>> w = Fixtures.gru(s, d, rnd);
                    Path f = dir.resolve("g.onnx");
                    OnnxRecurrentExport.write(f, s, d, w, DType.FLOAT64, layout, EnumSet.allOf(OptionalInput.class));
                    OnnxRecurrentNode n = OnnxRecurrentImport.read(f);
                    assertEquals(s, n.gruSpec());
                    check(w, n, d, layout);
                    // the import's node exports to the same bytes
                    Path again = dir.resolve("g2.onnx");
                    OnnxRecurrentExport.write(again, n, EnumSet.allOf(OptionalInput.class));
                    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again));
                }
            }
        }
    }

    private static void check(List<Map<String, double[]>> w, OnnxRecurrentNode n, Direction d, int layout) {
        assertEquals(d, n.direction());
        assertEquals(layout, n.layout());
        assertEquals(DType.FLOAT64, n.dtype());
        for (int k = 0; k < d.count(); k++) {
            assertEquals(w.get(k).keySet(), n.weights(k).keySet());
            for (String key : w.get(k).keySet()) {
                assertArrayEquals(w.get(k).get(key), n.weights(k).get(key), 0.0, key);
            }
        }
    }

    @Test
    void exportedLstmStoresOnnxBlocksIofcAndGraphShapes() throws Exception {
        Random rnd = new Random(32);
        LstmSpec s = LstmSpec.peephole(2, 3);
        Map<String, double[]> w = Fixtures.lstm(s, rnd);
        byte[] bytes = OnnxRecurrentExport.lstmModel(s, Direction.FORWARD, List.of(w), DType.FLOAT64, 0,
                EnumSet.of(OptionalInput.SEQUENCE_LENS));
        ModelProto m = ModelProto.parseFrom(bytes);
        assertEquals(14, m.getOpsetImport(0).getVersion());
        NodeProto node = m.getGraph().getNode(0);
        assertEquals(List.of("X", "W", "R", "B", "sequence_lens", "", "", "P"), node.getInputList());
        assertEquals(List.of("Y", "Y_h", "Y_c"), node.getOutputList());
        assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimParam());
        assertEquals("sequence", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0)
                .getDimParam());
        assertEquals(OnnxTensors.INT32, m.getGraph().getInput(1).getType().getTensorType().getElemType());
        TensorProto wt = m.getGraph().getInitializer(0);
        double[] onnxW = OnnxTensors.toArray(wt, "W").data();
        int blk = 3 * 2;
        double[] wih = w.get("w_ih");
        // ONNX block 1 (o) = interchange block 3; block 2 (f) = interchange block 1; block 3 (c) = interchange 2
        assertArrayEquals(Arrays.copyOfRange(wih, 0, blk), Arrays.copyOfRange(onnxW, 0, blk));
        assertArrayEquals(Arrays.copyOfRange(wih, 3 * blk, 4 * blk), Arrays.copyOfRange(onnxW, blk, 2 * blk));
        assertArrayEquals(Arrays.copyOfRange(wih, blk, 2 * blk), Arrays.copyOfRange(onnxW, 2 * blk, 3 * blk));
        assertArrayEquals(Arrays.copyOfRange(wih, 2 * blk, 3 * blk), Arrays.copyOfRange(onnxW, 3 * blk, 4 * blk));
        double[] p = OnnxTensors.toArray(m.getGraph().getInitializer(3), "P").data();
        assertArrayEquals(Stream.of("p_i", "p_o", "p_f").flatMapToDouble(k -> Arrays.stream(w.get(k))).toArray(), p);
        double[] b = OnnxTensors.toArray(m.getGraph().getInitializer(2), "B").data();
        assertEquals(w.get("b_hh")[0], b[4 * 3]);            // Rb_i, first value of the second half
        assertTrue(Files.notExists(dir.resolve("never-written.onnx")));
    }
}
