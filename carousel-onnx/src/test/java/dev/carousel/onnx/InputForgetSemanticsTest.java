package dev.carousel.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.spec.DType;
import dev.carousel.spec.LstmSpec;
import dev.carousel.spec.RelativeError;
import dev.carousel.testing.RandomArrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind refusing CIFG: ONNX Runtime's LSTM with input_forget = 1 computes i from the i rows and
 * couples f = 1 - i, the opposite of Carousel's CIFG (f from the f rows, i = 1 - f, equations.md section 1). If a
 * future ONNX Runtime changed this, this test fails and the refusal must be revisited.
 */
class InputForgetSemanticsTest {
    @Test
    void onnxRuntimeCouplesForgetToInputNotInputToForget() throws Exception {
        LstmSpec plain = LstmSpec.peephole(3, 4);
        Random rnd = new Random(7);
        Map<String, double[]> w = Fixtures.lstm(plain, rnd);
        double[][][] x = RandomArrays.sequence(rnd, 2, 6, 3, 1.0);
        byte[] written = OnnxRecurrentExport.lstmModel(plain, Direction.FORWARD, List.of(w), DType.FLOAT32, 0,
                EnumSet.noneOf(OnnxRecurrentExport.OptionalInput.class));
        ModelProto.Builder m = ModelProto.parseFrom(written).toBuilder();
        m.getGraphBuilder().getNodeBuilder(0).addAttribute(AttributeProto.newBuilder().setName("input_forget")
                .setType(AttributeProto.AttributeType.INT).setI(1));
        Map<String, double[]> ort = OrtRun.run(m.build().toByteArray(),
                Map.of("X", OrtRun.Input.of(ReferenceRun.input(x, 0), 6, 2, 3)), DType.FLOAT32);
        LstmSpec cifg = plain.withCoupledInputForget(true);

        // Carousel's CIFG on the same weights: f from the f rows, i = 1 - f
        double carousel = RelativeError.of(ort.get("Y"),
                ReferenceRun.run(cifg, null, Direction.FORWARD, List.of(w), x, null, null, null, 0).y());
        // f = 1 - i with i from the i rows is Carousel's CIFG with f rows := -(i rows), p_f := -p_i
        Map<String, double[]> neg = new LinkedHashMap<>(w);
        for (String k : List.of("w_ih", "w_hh", "b_ih", "b_hh")) {
            double[] v = w.get(k).clone();
            int block = v.length / 4;
            for (int j = 0; j < block; j++) {
                v[block + j] = -v[j];
            }
            neg.put(k, v);
        }
        double[] pf = w.get("p_i").clone();
        for (int j = 0; j < pf.length; j++) {
            pf[j] = -pf[j];
        }
        neg.put("p_f", pf);
        double ortReading = RelativeError.of(ort.get("Y"),
                ReferenceRun.run(cifg, null, Direction.FORWARD, List.of(neg), x, null, null, null, 0).y());
        System.out.println("input_forget=1 in ONNX Runtime vs i = 1 - f: " + carousel + ", vs f = 1 - i: "
                + ortReading);
        assertTrue(ortReading <= DType.FLOAT32.tolerance(6), "f = 1 - i reading: " + ortReading);
        assertTrue(carousel > 1e-2, "i = 1 - f reading unexpectedly matches: " + carousel);
    }
}
