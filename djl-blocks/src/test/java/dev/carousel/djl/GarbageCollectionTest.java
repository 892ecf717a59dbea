package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradients stay exact while the garbage collector runs between forward and backward. Regression test for a DJL
 * 0.35.1 PyTorch hazard: {@code NDArray.mul(Number)} wraps the scalar in a Java buffer and closes it after the op,
 * autograd keeps the scalar, and after a collection backward read freed memory (about a third of these runs gave
 * gradients of 1e+8 to 1e+46 before the blocks stopped using it). A daemon thread calls {@code System.gc()} every
 * 2 ms while random configurations run against reference-impl.
 */
class GarbageCollectionTest {

    @Test
    void gradientsSurviveCollections() throws InterruptedException {
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        collector.setDaemon(true);
        collector.start();
        Random r = new Random(71);
        Activation[] acts = Activation.values();
        int bad = 0;
        int runs = 120;
        try {
            for (int k = 0; k < runs; k++) {
                DataType dtype = r.nextBoolean() ? DataType.FLOAT32 : DataType.FLOAT64;
                double tol = dtype == DataType.FLOAT64 ? 1e-9 : 1e-4;
                int[] lengths = r.nextBoolean() ? new int[] {5, 2, 0} : null;
                RecurrentRun.Options o = new RecurrentRun.Options(r.nextBoolean(), r.nextBoolean());
                double[][][] x = RandomArrays.sequence(r, 3, 5, 4, 1.0);
                double[][] h0 = RandomArrays.matrix(r, 3, 3, 0.5);
                double[][][] dy = RandomArrays.sequence(r, 3, 5, 3, 1.0);
                double[][] dh = RandomArrays.matrix(r, 3, 3, 1.0);
                RecurrentRunResult a;
                RecurrentRunResult e;
                if (k % 3 == 2) {
                    GruSpec spec = new GruSpec(4, 3, r.nextBoolean());
                    Map<String, double[]> w = RunFixtures.gruWeights(r, 4, 3);
                    a = RecurrentRun.gru(spec, w, x, lengths, h0, dy, dh, dtype, o);
                    e = ReferenceOracle.gru(spec, w, x, lengths, h0, dy, dh, false);
                } else {
                    LstmSpec spec = new LstmSpec(4, 3, r.nextBoolean(), true, false, acts[r.nextInt(acts.length)],
                            acts[r.nextInt(acts.length)]);
                    Map<String, double[]> w = RunFixtures.lstmWeights(r, 4, 3, true);
                    double[][] c0 = RandomArrays.matrix(r, 3, 3, 0.5);
                    double[][] dc = RandomArrays.matrix(r, 3, 3, 1.0);
                    a = RecurrentRun.lstm(spec, w, x, lengths, h0, c0, dy, dh, dc, dtype, o);
                    e = ReferenceOracle.lstm(spec, w, x, lengths, h0, c0, dy, dh, dc, false);
                }
                try {
                    RunFixtures.assertSameRun("run " + k + " " + dtype, a, e, tol);
                } catch (AssertionError err) {
                    bad++;
                    System.out.println(err.getMessage());
                }
            }
        } finally {
            collector.interrupt();
            collector.join();
        }
        assertEquals(0, bad, bad + " of " + runs + " runs disagreed with the reference under GC pressure");
    }
}
