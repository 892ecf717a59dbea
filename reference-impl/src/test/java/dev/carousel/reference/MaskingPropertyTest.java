package dev.carousel.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.testing.RandomArrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests of equations.md section 3: a masked (padded) step changes nothing; a padded sequence gives the
 * same outputs, final state and gradients as the unpadded one run alone.
 */
class MaskingPropertyTest {
    private static final int I = 3;
    private static final int H = 4;

    private static List<RecurrentCell> cells(Random rng) {
        List<RecurrentCell> cells = List.of(new LstmCell(LstmSpec.peephole(I, H)), new GruCell(new GruSpec(I, H, true)),
                new GruCell(new GruSpec(I, H, false)), new TanhRnnCell(I, H));
        for (RecurrentCell c : cells) {
            for (Param p : c.params()) {
                RandomArrays.fill(p.value, rng, 0.5);
            }
        }
        return cells;
    }

    @Test
    void paddingChangesNothing() {
        Random rng = new Random(7);
        for (RecurrentCell cell : cells(rng)) {
            RecurrentLayer layer = new RecurrentLayer(cell);
            int len = 4;
            int padded = 9;
            double[][][] x = RandomArrays.sequence(rng, 1, padded, I, 1.0);
            double[][][] xShort = {java.util.Arrays.copyOf(x[0], len)};
            double[][][] dy = RandomArrays.sequence(rng, 1, padded, H, 1.0);
            double[][][] dyShort = {java.util.Arrays.copyOf(dy[0], len)};
            double[][][] dFinal = RandomArrays.sequence(rng, cell.stateCount(), 1, H, 1.0);

            cell.params().zeroGrad();
            RecurrentLayer.Forward fs = layer.forward(xShort, null, null);
            RecurrentLayer.Gradients gs = layer.backward(fs, dyShort, dFinal);
            double[][] gradShort = grads(cell);

            cell.params().zeroGrad();
            RecurrentLayer.Forward fp = layer.forward(x, Masks.fromLengths(new int[] {len}, padded), null);
            RecurrentLayer.Gradients gp = layer.backward(fp, dy, dFinal);
            double[][] gradPadded = grads(cell);

            for (int t = 0; t < padded; t++) {
                double[] expected = t < len ? fs.y[0][t] : new double[H];
                assertArrayEquals(expected, fp.y[0][t], 0.0, "y at t=" + t);
                double[] expectedDx = t < len ? gs.dx()[0][t] : new double[I];
                assertArrayEquals(expectedDx, gp.dx()[0][t], 0.0, "dx at t=" + t);
            }
            for (int k = 0; k < cell.stateCount(); k++) {
                assertArrayEquals(fs.finalState[k][0], fp.finalState[k][0], 0.0);
                assertArrayEquals(gs.dInitialState()[k][0], gp.dInitialState()[k][0], 0.0);
            }
            for (int p = 0; p < gradShort.length; p++) {
                assertArrayEquals(gradShort[p], gradPadded[p], 0.0);
            }
        }
    }

    @Test
    void maskedStepInTheMiddleCarriesTheState() {
        Random rng = new Random(11);
        for (RecurrentCell cell : cells(rng)) {
            double[][][] x = RandomArrays.sequence(rng, 1, 3, I, 1.0);
            double[][] mask = {{1, 0, 1}};
            RecurrentLayer.Forward f = new RecurrentLayer(cell).forward(x, mask, null);
            double[][] s = cell.zeroState();
            s = cell.forward(x[0][0], s).state();
            s = cell.forward(x[0][2], s).state();                // step 1 skipped
            assertArrayEquals(new double[H], f.y[0][1], 0.0);
            assertArrayEquals(s[0], f.y[0][2], 0.0);
            assertArrayEquals(s[0], f.hN()[0], 0.0);
            // the masked input may be anything, even huge, without effect
            x[0][1] = new double[] {1e6, -1e6, 3};
            assertArrayEquals(f.y[0][2], new RecurrentLayer(cell).forward(x, mask, null).y[0][2], 0.0);
        }
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        RecurrentLayer layer = new RecurrentLayer(new GruCell(new GruSpec(I, H, true)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(new double[2][3][I + 1], null, null));
        assertTrue(e.getMessage().contains("expected 3 features") && e.getMessage().contains("got 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(new double[2][3][I], new double[2][4], null));
        assertTrue(e.getMessage().contains("expected 3 steps, got 4"), e.getMessage());
        double[][][] nan = new double[1][2][I];
        nan[0][1][2] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> layer.forward(nan, null, null));
        assertEquals("input: NaN at [0][1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Masks.fromLengths(new int[] {2, 5}, 4));
        assertTrue(e.getMessage().contains("lengths[1] must be in [0, 4], got 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LstmSpec(3, 2, true, false, true, dev.carousel.spec.Activation.TANH,
                        dev.carousel.spec.Activation.TANH));
        assertTrue(e.getMessage().contains("forget gate"), e.getMessage());
    }

    private static double[][] grads(RecurrentCell cell) {
        return cell.params().asMap().values().stream().map(p -> p.grad.clone()).toArray(double[][]::new);
    }
}
