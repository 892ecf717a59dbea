package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input raises an IllegalArgumentException that names what was expected and what came. */
class BadInputTest {

    private static void expect(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void shapesLengthsStatesAndTypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            PeepholeLSTM lstm = PeepholeLSTM.builder().setStateSize(3).build();
            lstm.initialize(m, DataType.FLOAT32, new Shape(2, 5, 4));
            GRU gru = GRU.builder().setStateSize(3).build();
            gru.initialize(m, DataType.FLOAT32, new Shape(2, 5, 4));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 5, 4));
            expect(() -> lstm.forward(ps, new NDList(m.ones(new Shape(2, 5))), false), "rank 3", "(2, 5)");
            expect(() -> lstm.forward(ps, new NDList(m.ones(new Shape(2, 5, 7))), false), "4 features", "(2, 5, 7)");
            expect(() -> lstm.forward(ps, new NDList(x, m.create(new int[] {5, 2, 1})), false), "2 lengths",
                    "got 3");
            expect(() -> lstm.forward(ps, new NDList(x, m.create(new int[] {5, 6})), false), "[0, 5]", "got 6");
            expect(() -> lstm.forward(ps, new NDList(x, m.create(new int[] {-1, 2})), false), "[0, 5]", "got -1");
            expect(() -> lstm.forward(ps, new NDList(x, m.create(new float[] {1, 2})), false), "int32", "float32");
            expect(() -> lstm.forward(ps, new NDList(x, m.zeros(new Shape(2, 4)), m.zeros(new Shape(2, 3))), false),
                    "h0", "(2, 3)", "(2, 4)");
            expect(() -> lstm.forward(ps, new NDList(x, m.zeros(new Shape(2, 3))), false), "2 initial state",
                    "got 1");
            expect(() -> gru.forward(ps, new NDList(x.toType(DataType.FLOAT64, false)), false), "float32",
                    "float64");
            NDArray nan = x.duplicate();
            nan.set(new ai.djl.ndarray.index.NDIndex("1, 2, 3"), Float.NaN);
            expect(() -> gru.forward(ps, new NDList(nan), false), "finite input x", "NaN at [1, 2, 3]",
                    "carousel.checkInput=false");
            float[] inf = new float[2 * 5 * 4];
            inf[5 * 4 + 4 + 1] = Float.NEGATIVE_INFINITY;                          // [1, 1, 1]
            expect(() -> lstm.forward(ps, new NDList(m.create(inf, new Shape(2, 5, 4))), false), "finite input x",
                    "-Infinity at [1, 1, 1]");
            float[] h0 = new float[2 * 3];
            h0[4] = Float.POSITIVE_INFINITY;                                         // [1, 1]
            expect(() -> gru.forward(ps, new NDList(x, m.create(h0, new Shape(2, 3))), false),
                    "finite initial state h0", "Infinity at [1, 1]");
            // the opt-out, shared with the DL4J layers: NaN passes through (into the outputs of its sequence)
            System.setProperty(FiniteCheck.PROPERTY, "false");
            try {
                float[] y = gru.forward(ps, new NDList(nan), false).head().toFloatArray();
                assertTrue(Float.isNaN(y[(5 + 2) * 3]), "NaN reaches sequence 1 from step 2 on");
                assertTrue(!Float.isNaN(y[0]), "sequence 0 stays finite");
            } finally {
                System.clearProperty(FiniteCheck.PROPERTY);
            }
            // int64 lengths are as good as int32 ones
            float[] y32 = lstm.forward(ps, new NDList(x, m.create(new int[] {5, 2})), false).head().toFloatArray();
            float[] y64 = lstm.forward(ps, new NDList(x, m.create(new long[] {5, 2})), false).head().toFloatArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(y32, y64);
            expect(() -> PeepholeLSTM.builder().setStateSize(3).optForgetGate(false).optCoupledInputForget(true)
                    .build(), "forget gate", "forgetGate=false");
            expect(() -> GRU.builder().build(), "state size", "-1");
            Map<String, double[]> w = new HashMap<>();
            w.put("w_ih", new double[12 * 4]);
            w.put("w_hh", new double[5]);
            expect(() -> PeepholeLSTM.builder().setStateSize(3).optPeepholes(false).build()
                    .setInterchangeWeights(m, DataType.FLOAT32, w), "'w_hh'", "36", "got 5");
            w.put("w_ih", new double[13]);
            expect(() -> GRU.builder().setStateSize(3).build().setInterchangeWeights(m, DataType.FLOAT32, w),
                    "3H x I", "13");
            Bidirectional bi = Bidirectional.builder()
                    .setLayerFactory(() -> PeepholeLSTM.builder().setStateSize(3).build()).build();
            bi.initialize(m, DataType.FLOAT32, new Shape(2, 5, 4));
            expect(() -> bi.forward(ps, new NDList(x, m.zeros(new Shape(2, 3)), m.zeros(new Shape(2, 3))), false),
                    "[2, B, H]", "(2, 3)");
            expect(() -> RecurrentRun.gru(new dev.carousel.spec.GruSpec(4, 3, true),
                    RunFixtures.gruWeights(new java.util.Random(1), 4, 3), new double[2][5][4], null, null, null, null,
                    DataType.INT32), "float32 or float64", "int32");
        }
    }
}
