package dev.carousel.onnx.djl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.carousel.djl.SequenceLayer;
import dev.carousel.onnx.Direction;
import dev.carousel.onnx.FrameworkCases;
import dev.carousel.onnx.FrameworkCases.Case;
import dev.carousel.spec.DType;
import dev.carousel.spec.RelativeError;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX → DJL through {@link OnnxDjl} (block, setWeights) against the float64 reference (y and h_n), and DJL → ONNX
 * ({@link OnnxDjl#export}) → ONNX Runtime against the same reference, float32, with variable lengths.
 */
class OnnxDjlTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of("lstm-peephole", "lstm-vanilla", "gru-reset-after", "gru-reset-before")
                .flatMap(v -> Stream.of(Arguments.of(v, Direction.FORWARD), Arguments.of(v, Direction.BIDIRECTIONAL)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void importRunExport(String variant, Direction d) throws Exception {
        Case c = FrameworkCases.make(dir, variant, d, variant.hashCode() + 29L * d.ordinal());
        int nD = d.count();
        double tol = DType.FLOAT32.tolerance(FrameworkCases.T);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequenceLayer block = OnnxDjl.block(c.node(), true);
            OnnxDjl.setWeights(block, manager, c.node());
            float[] xs = new float[FrameworkCases.B * FrameworkCases.T * FrameworkCases.I];
            int k = 0;
            for (double[][] seq : c.x()) {
                for (double[] step : seq) {
                    for (double v : step) {
                        xs[k++] = (float) v;
                    }
                }
            }
            NDList in = new NDList(manager.create(xs, new ai.djl.ndarray.types.Shape(FrameworkCases.B,
                    FrameworkCases.T, FrameworkCases.I)), manager.create(FrameworkCases.LENS));
            NDList out = block.forward(new ParameterStore(manager, false), in, false);
            double[] y = out.get(0).toType(DataType.FLOAT64, false).toDoubleArray();
            double e = RelativeError.of(y, c.reference().y());
            // h_n: [B, H] for one direction, [2, B, H] for a bidirectional block; the reference is [B, D, H];
            // the block passes the lengths on: [y, lengths, h_n(, c_n)]
            double[] hN = out.get(2).toType(DataType.FLOAT64, false).toDoubleArray();
            double eh = RelativeError.of(nD == 1 ? hN : FrameworkCases.stateToBatchFirst(hN, nD), c.reference().yH());
            System.out.println("djl " + variant + " " + d.key() + ": Y vs reference " + e + ", h_n " + eh);
            assertTrue(e <= tol && eh <= tol, variant + " " + d + ": DJL Y " + e + ", h_n " + eh);

            Path file = dir.resolve("djl-export.onnx");
            OnnxDjl.export(block, file);
            Map<String, double[]> ort = FrameworkCases.ort(file, c.x(), nD, variant.startsWith("lstm"));
            double eo = RelativeError.of(FrameworkCases.yToBatchFirst(ort.get("Y"), nD), c.reference().y());
            double eoh = RelativeError.of(FrameworkCases.stateToBatchFirst(ort.get("Y_h"), nD), c.reference().yH());
            System.out.println("djl export " + variant + " " + d.key() + " in ONNX Runtime: Y " + eo + ", Y_h " + eoh);
            assertTrue(eo <= tol && eoh <= tol, variant + " " + d + ": exported DJL block in ORT: Y " + eo
                    + " Y_h " + eoh);
        }
    }


    @Test
    void reverseNodesAndMismatchedBlocksAreRefused() throws Exception {
        Case rev = FrameworkCases.make(dir, "lstm-peephole", Direction.REVERSE, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxDjl.block(rev.node(),
                true));
        assertTrue(e.getMessage().contains("reverse"), e.getMessage());
        Case lstm = FrameworkCases.make(dir, "lstm-peephole", Direction.FORWARD, 7);
        Case gru = FrameworkCases.make(dir, "gru-reset-before", Direction.FORWARD, 8);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequenceLayer block = OnnxDjl.block(gru.node(), true);
            e = assertThrows(IllegalArgumentException.class, () -> OnnxDjl.setWeights(block, manager, lstm.node()));
            assertTrue(e.getMessage().contains("PeepholeLSTM"), e.getMessage());
        }
    }
}
