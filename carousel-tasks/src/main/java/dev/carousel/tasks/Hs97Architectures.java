package dev.carousel.tasks;

import static dev.carousel.spec.Activation.IDENTITY;
import static dev.carousel.spec.Activation.SIGMOID;
import static dev.carousel.spec.Activation.SQUASH_G1997;
import static dev.carousel.spec.Activation.SQUASH_H1997;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of Tables 10 and 11 of Hochreiter &amp; Schmidhuber 1997 (see docs/tasks.md): one
 * {@link Hs97Architecture} per printed row, in print order; the nine 2c rows are expanded one per (q, p) of
 * Table 3.
 */
public final class Hs97Architectures {
    private static final String ERG_STOP = "training and test set correctly predicted";
    private static final String ERG_SUCCESS = "every symbol of every training and test string predicted "
            + "(legal next symbols are the most active outputs)";
    private static final int[][] TABLE3_QP = {
            {50, 50}, {100, 100}, {200, 200}, {500, 500}, {1000, 1000},
            {1000, 500}, {1000, 200}, {1000, 100}, {1000, 50}};

    private static final List<Hs97Architecture> ROWS = build();

    private Hs97Architectures() {
    }

    /** Every row, in print order. */
    public static List<Hs97Architecture> all() {
        return ROWS;
    }

    /** The rows of one task id (five for task 1, three for task 4, nine for 2c). */
    public static List<Hs97Architecture> rows(String taskId) {
        List<Hs97Architecture> out = new ArrayList<>();
        for (Hs97Architecture a : ROWS) {
            if (a.taskId().equals(taskId)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The row with this label, e.g. "4-2". */
    public static Hs97Architecture row(String label) {
        for (Hs97Architecture a : ROWS) {
            if (a.row().equals(label)) {
                return a;
            }
        }
        List<String> labels = new ArrayList<>();
        ROWS.forEach(a -> labels.add(a.row()));
        throw new IllegalArgumentException("no Table 10 row '" + label + "'; known rows: " + labels);
    }

    /**
     * The set-up for a configured task: for 2c the row built for its (q, p) ({@link #veryLongLag}); otherwise the
     * first row of its id whose task parameters agree with the task's, or, when no printed row has these
     * parameters (e.g. task 4 with T = 200), the first row of its id (the networks do not depend on T; only the
     * printed length and lag columns do). Empty for the modern tasks, which are not in the paper.
     */
    public static Optional<Hs97Architecture> forTask(DelayTask task) {
        if (task.id().equals("2c")) {
            return Optional.of(veryLongLag(Integer.parseInt(task.parameters().get("q")),
                    Integer.parseInt(task.parameters().get("p"))));
        }
        List<Hs97Architecture> candidates = rows(task.id());
        for (Hs97Architecture a : candidates) {
            if (agrees(a.taskParameters(), task.parameters())) {
                return Optional.of(a);
            }
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    /** The 2c set-up for any (q, p): 2 blocks × 1 cell, p+4 inputs, 2 outputs, 6p+64 weights, no biases. */
    public static Hs97Architecture veryLongLag(int q, int p) {
        String label = "2c(q=" + q + ",p=" + p + ")";
        for (int i = 0; i < TABLE3_QP.length; i++) {
            if (TABLE3_QP[i][0] == q && TABLE3_QP[i][1] == p) {
                label = "2c-" + (i + 1);
            }
        }
        return new Hs97Architecture(label, "2c", Map.of("q", Integer.toString(q), "p", Integer.toString(p)), q, q,
                2, 1, p + 4, 2, 6 * p + 64, Connectivity.F, true, GateBias.none(), GateBias.none(), BiasedUnits.NONE,
                SQUASH_H1997, SQUASH_G1997, 0.01, 0.2, ExemplarSelection.TWO_CLASSES, 10000,
                "after 5 million exemplars",
                "ABS(0.2) at the sequence end for 10,000 successive random sequences", 20);
    }

    private static boolean agrees(Map<String, String> row, Map<String, String> task) {
        for (Map.Entry<String, String> e : row.entrySet()) {
            String v = task.get(e.getKey());
            if (v != null && !v.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static List<Hs97Architecture> build() {
        List<Hs97Architecture> r = new ArrayList<>();
        double[] alphas = {0.1, 0.1, 0.2, 0.5, 0.5};
        int[] blocks = {4, 3, 3, 4, 3};
        for (int i = 0; i < 5; i++) {
            int b = blocks[i];
            int s = b == 4 ? 1 : 2;
            GateBias ogb = b == 4 ? GateBias.fixed(-1, -2, -3, -4) : GateBias.fixed(-1, -2, -3);
            r.add(new Hs97Architecture("1-" + (i + 1), "1", Map.of(), 9, 9, b, s, 7, 7, b == 4 ? 264 : 276,
                    Connectivity.F, true, ogb, GateBias.random(), BiasedUnits.GATES, SQUASH_H1997, SQUASH_G1997,
                    alphas[i], 0.2, ExemplarSelection.FIXED_TRAINING_SET, 256, ERG_STOP, ERG_SUCCESS, 30));
        }
        r.add(new Hs97Architecture("2a", "2a", Map.of("p", "100"), 100, 100, 1, 1, 101, 101, 10504,
                Connectivity.B, false, GateBias.none(), GateBias.none(), BiasedUnits.NONE, IDENTITY, SIGMOID, 1.0,
                0.2, ExemplarSelection.FIXED_TRAINING_SET, 0, "after 5 million exemplars",
                "ABS(0.25): maximal absolute error of all outputs below 0.25 for 10,000 successive random sequences",
                18));
        r.add(new Hs97Architecture("2b", "2b", Map.of("p", "100"), 100, 100, 1, 1, 101, 101, 10504,
                Connectivity.B, false, GateBias.none(), GateBias.none(), BiasedUnits.NONE, IDENTITY, SIGMOID, 1.0,
                0.2, ExemplarSelection.TWO_CLASSES, 10000, "after 5 million exemplars",
                "ABS(0.25) at the sequence end for 10,000 successive random sequences", 18));
        for (int[] qp : TABLE3_QP) {
            r.add(veryLongLag(qp[0], qp[1]));
        }
        String[] exp3 = {"a", "b", "c"};
        double[] exp3Alpha = {1.0, 1.0, 0.1};
        String[] exp3Success = {"ABS(0.2) at the sequence end", "ABS(0.2) at the sequence end",
                "misclassified when |output - noise-free target| > 0.1; mean absolute difference below 0.015"};
        String[] exp3Stop = {
                "ST1: none of 256 test sequences misclassified; ST2: ST1 and mean absolute test error below 0.01",
                "ST1: fewer than 6 of 256 test sequences misclassified; ST2: ST1 and mean absolute test error "
                        + "below 0.04",
                "none of 256 test sequences misclassified and mean absolute difference below 0.015"};
        for (int i = 0; i < 3; i++) {
            r.add(new Hs97Architecture("3" + exp3[i], "3" + exp3[i], Map.of("T", "100"), 100, 100, 3, 1, 1, 1, 102,
                    Connectivity.F, true, GateBias.fixed(-2, -4, -6), GateBias.fixed(-1, -3, -5), BiasedUnits.HIDDEN,
                    SQUASH_H1997, SQUASH_G1997, exp3Alpha[i], 0.1, ExemplarSelection.ONLINE, 2560, exp3Stop[i],
                    exp3Success[i], 10));
        }
        int[] exp4T = {100, 500, 1000};
        for (int i = 0; i < 3; i++) {
            int t = exp4T[i];
            r.add(new Hs97Architecture("4-" + (i + 1), "4", Map.of("T", Integer.toString(t)), t, t / 2, 2, 2, 2, 1,
                    93, Connectivity.F, true, GateBias.random(), GateBias.fixed(-3, -6), BiasedUnits.ALL_NON_INPUT,
                    SQUASH_H1997, SQUASH_G1997, 0.5, 0.1, ExemplarSelection.ONLINE, 2560, "ST3(0.01)",
                    "ABS(0.04) at the sequence end", 10));
        }
        r.add(new Hs97Architecture("5", "5", Map.of("T", "100"), 100, 50, 2, 2, 2, 1, 93, Connectivity.F, true,
                GateBias.random(), GateBias.random(), BiasedUnits.ALL_NON_INPUT, SQUASH_H1997, SQUASH_G1997, 0.1, 0.1,
                ExemplarSelection.ONLINE, 2560,
                "fewer than n_seq (140, or 13) of the last 2000 training sequences with absolute error > 0.04",
                "ABS(0.04) at the sequence end", 10));
        r.add(new Hs97Architecture("6a", "6a", Map.of(), 100, 40, 2, 2, 8, 4, 156, Connectivity.F, true,
                GateBias.random(), GateBias.fixed(-2, -4), BiasedUnits.ALL_NON_INPUT, SQUASH_H1997, SQUASH_G1997, 0.5,
                0.1, ExemplarSelection.ONLINE, 2560, "ST3(0.1)", "ABS(0.3) on all outputs at the sequence end", 20));
        r.add(new Hs97Architecture("6b", "6b", Map.of(), 100, 24, 3, 2, 8, 8, 308, Connectivity.F, true,
                GateBias.random(), GateBias.fixed(-2, -4, -6), BiasedUnits.ALL_NON_INPUT, SQUASH_H1997, SQUASH_G1997,
                0.1, 0.1, ExemplarSelection.ONLINE, 2560, "ST3(0.1)", "ABS(0.3) on all outputs at the sequence end",
                10));
        return List.copyOf(r);
    }
}
