package dev.carousel.tasks;

import static dev.carousel.tasks.EmbeddedReberGrammarTest.assertOneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemporalOrderTest {
    private static final String ALPHABET = "EBabcdXY";

    private static char symbol(double[] row) {
        for (int k = 0; k < row.length; k++) {
            if (row[k] == 1.0) {
                return ALPHABET.charAt(k);
            }
        }
        return '?';
    }

    /** Runs n draws, checks each against the definition, returns the observed {min, max} 1-based time per slot. */
    private static int[][] check(boolean threeSymbols, int[][] windows, String classes, int n, long seed) {
        TemporalOrder task = new TemporalOrder(threeSymbols);
        int k = windows.length;
        int[][] range = new int[k][] ;
        for (int i = 0; i < k; i++) {
            range[i] = new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE};
        }
        int[] classCount = new int[1 << k];
        int minLag = Integer.MAX_VALUE;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            Sequence s = task.next(rng);
            int len = s.length();
            assertTrue(len >= 100 && len <= 110, "length " + len);
            assertEquals('E', symbol(s.inputs()[0]));
            assertEquals('B', symbol(s.inputs()[len - 1]));
            List<Integer> times = new ArrayList<>();
            StringBuilder xy = new StringBuilder();
            for (int t = 1; t < len - 1; t++) {
                char c = symbol(s.inputs()[t]);
                assertOneHot(s.inputs()[t], ALPHABET.indexOf(c));
                if (c == 'X' || c == 'Y') {
                    times.add(t + 1); // 1-based time
                    xy.append(c);
                } else {
                    assertTrue("abcd".indexOf(c) >= 0, "distractor " + c);
                }
            }
            assertEquals(k, times.size(), "relevant symbols");
            for (int j = 0; j < k; j++) {
                int time = times.get(j);
                assertTrue(time >= windows[j][0] && time <= windows[j][1], "t" + (j + 1) + " = " + time);
                range[j][0] = Math.min(range[j][0], time);
                range[j][1] = Math.max(range[j][1], time);
            }
            minLag = Math.min(minLag, len - times.get(k - 1));
            int label = Integer.parseInt(xy.toString().replace('X', '0').replace('Y', '1'), 2);
            assertEquals(label, s.label());
            assertOneHot(s.targets()[len - 1], label);
            for (int t = 0; t < len; t++) {
                assertEquals(t == len - 1, s.targetMask()[t]);
            }
            classCount[label]++;
        }
        double p = 1.0 / (1 << k);
        for (int c = 0; c < classCount.length; c++) {
            assertEquals(n * p, classCount[c], 5 * Math.sqrt(n * p * (1 - p)), "class " + classes.charAt(c));
        }
        assertEquals(String.join("", task.classNames()), classes);
        return new int[][] {range[0], range[k - 1], {minLag}};
    }

    @Test
    void task6aWindowsClassesAndPaperLag() {
        int[][] r = check(false, new int[][] {{10, 20}, {50, 60}}, "QRSU", 4000, 50);
        assertEquals(10, r[0][0]);
        assertEquals(20, r[0][1]);
        assertEquals(60, r[1][1]);
        assertEquals(40, r[2][0], "Table 10 lag for 6a with 1-based times: 100 - 60");
    }

    @Test
    void task6bWindowsClassesAndPaperLag() {
        int[][] r = check(true, new int[][] {{10, 20}, {33, 43}, {66, 76}}, "QRSUVABC", 8000, 51);
        assertEquals(10, r[0][0]);
        assertEquals(76, r[1][1]);
        assertEquals(24, r[2][0], "Table 10 lag for 6b with 1-based times: 100 - 76");
    }

    @Test
    void constantBaselineLossIsExactOnEverySequence() {
        for (boolean three : new boolean[] {false, true}) {
            TemporalOrder task = new TemporalOrder(three);
            TrivialBaseline b = task.baseline().orElseThrow();
            int n = three ? 8 : 4;
            // one-hot target against constant 1/n: ((1 - 1/n)^2 + (n - 1)/n^2) / n
            double expected = ((1 - 1.0 / n) * (1 - 1.0 / n) + (n - 1.0) / (n * n)) / n;
            assertEquals(expected, b.expectedLoss(), 1e-15);
            Sequence s = task.next(new SplittableRandom(52));
            assertEquals(expected, task.loss().of(s, b.predict(s)), 1e-15);
        }
    }
}
