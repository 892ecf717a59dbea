package dev.carousel.onnx;

import dev.carousel.spec.DType;
import dev.carousel.spec.LstmSpec;
import dev.carousel.spec.RelativeError;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CifgProbeTest {
    @Test
    void probe() throws Exception {
        LstmSpec plain = LstmSpec.peephole(3, 4);
        Random rnd = new Random(7);
        Map<String, double[]> w = Fixtures.lstm(plain, rnd);
        double[][][] x = Fixtures.sequence(rnd, 2, 5, 3);
        // written as a plain LSTM with input_forget = 1 (OnnxCifg is the identity for now)
        byte[] model = OnnxRecurrentExport.lstmModel(plain.withCoupledInputForget(true), Direction.FORWARD,
                List.of(w), DType.FLOAT32, 0, EnumSet.noneOf(OnnxRecurrentExport.OptionalInput.class));
        Map<String, double[]> ort = OrtRun.run(model, Map.of("X", OrtRun.Input.of(ReferenceRun.input(x, 0), 5, 2, 3)),
                DType.FLOAT32);
        // H2: Carousel's CIFG, f from the f rows, i = 1 - f
        var h2 = ReferenceRun.run(plain.withCoupledInputForget(true), null, Direction.FORWARD, List.of(w), x, null,
                null, null, 0);
        // H1: i from the i rows, f = 1 - i: Carousel CIFG with f rows = -(i rows), p_f = -p_i
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
        var h1 = ReferenceRun.run(plain.withCoupledInputForget(true), null, Direction.FORWARD, List.of(neg), x, null,
                null, null, 0);
        var h3 = ReferenceRun.run(plain, null, Direction.FORWARD, List.of(w), x, null, null, null, 0);
        System.out.println("H2 (i = 1 - f): " + RelativeError.of(ort.get("Y"), h2.y()));
        System.out.println("H1 (f = 1 - i): " + RelativeError.of(ort.get("Y"), h1.y()));
        System.out.println("H3 (ignored):   " + RelativeError.of(ort.get("Y"), h3.y()));
    }
}
