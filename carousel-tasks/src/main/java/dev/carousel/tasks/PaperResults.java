package dev.carousel.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published results of Hochreiter &amp; Schmidhuber 1997 (Tables 1–9, Exp. 2b text), transcribed from the
 * paper; docs/reproduction.md sets them beside the reproduction's. "Success after" counts are sequence presentations with on-line updates.
 */
public final class PaperResults {
    private static final List<PaperResult> ROWS = build();

    private PaperResults() {
    }

    /** Every row, in print order. */
    public static List<PaperResult> all() {
        return ROWS;
    }

    /** The rows of one task id, all methods. */
    public static List<PaperResult> forTask(String taskId) {
        List<PaperResult> out = new ArrayList<>();
        for (PaperResult r : ROWS) {
            if (r.taskId().equals(taskId)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The LSTM rows whose setting agrees with the task's parameters (e.g. task 4 with T=500 → Table 7 row 2). */
    public static List<PaperResult> lstmRows(DelayTask task) {
        List<PaperResult> out = new ArrayList<>();
        for (PaperResult r : forTask(task.id())) {
            if (r.method().equals("LSTM") && r.matches(task.parameters())) {
                out.add(r);
            }
        }
        return out;
    }

    private static Map<String, String> kv(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static List<PaperResult> build() {
        List<PaperResult> r = new ArrayList<>();
        String t1 = "Table 1";
        r.add(new PaperResult(t1, "1", "RTRL", kv("hidden", "3", "weights", "≈ 170", "alpha", "0.05"),
                "some fraction", "173,000", kv()));
        r.add(new PaperResult(t1, "1", "RTRL", kv("hidden", "12", "weights", "≈ 494", "alpha", "0.1"),
                "some fraction", "25,000", kv()));
        r.add(new PaperResult(t1, "1", "ELM", kv("hidden", "15", "weights", "≈ 435"), "0", "> 200,000", kv()));
        r.add(new PaperResult(t1, "1", "RCC", kv("hidden", "7-9", "weights", "≈ 119-198"), "50", "182,000", kv()));
        r.add(new PaperResult(t1, "1", "LSTM", kv("row", "1-1", "hidden", "4 blocks, size 1", "weights", "264",
                "alpha", "0.1"), "100", "39,740", kv()));
        r.add(new PaperResult(t1, "1", "LSTM", kv("row", "1-2", "hidden", "3 blocks, size 2", "weights", "276",
                "alpha", "0.1"), "100", "21,730", kv()));
        r.add(new PaperResult(t1, "1", "LSTM", kv("row", "1-3", "hidden", "3 blocks, size 2", "weights", "276",
                "alpha", "0.2"), "97", "14,060", kv()));
        r.add(new PaperResult(t1, "1", "LSTM", kv("row", "1-4", "hidden", "4 blocks, size 1", "weights", "264",
                "alpha", "0.5"), "97", "9,500", kv()));
        r.add(new PaperResult(t1, "1", "LSTM", kv("row", "1-5", "hidden", "3 blocks, size 2", "weights", "276",
                "alpha", "0.5"), "100", "8,440", kv("range", "3,800 to 24,100")));

        String t2 = "Table 2";
        r.add(new PaperResult(t2, "2a", "RTRL", kv("p", "4", "alpha", "1.0", "weights", "36"), "78", "1,043,000",
                kv()));
        r.add(new PaperResult(t2, "2a", "RTRL", kv("p", "4", "alpha", "4.0", "weights", "36"), "56", "892,000",
                kv()));
        r.add(new PaperResult(t2, "2a", "RTRL", kv("p", "4", "alpha", "10.0", "weights", "36"), "22", "254,000",
                kv()));
        r.add(new PaperResult(t2, "2a", "RTRL", kv("p", "10", "alpha", "1.0-10.0", "weights", "144"), "0",
                "> 5,000,000", kv()));
        r.add(new PaperResult(t2, "2a", "RTRL", kv("p", "100", "alpha", "1.0-10.0", "weights", "10404"), "0",
                "> 5,000,000", kv()));
        r.add(new PaperResult(t2, "2a", "BPTT", kv("p", "100", "alpha", "1.0-10.0", "weights", "10404"), "0",
                "> 5,000,000", kv()));
        r.add(new PaperResult(t2, "2a", "CH", kv("p", "100", "alpha", "1.0", "weights", "10506"), "33", "32,400",
                kv()));
        r.add(new PaperResult(t2, "2a", "LSTM", kv("p", "100", "alpha", "1.0", "weights", "10504"), "100", "5,040",
                kv()));
        r.add(new PaperResult("Exp. 2b text", "2b", "LSTM", kv("p", "100"), "100", "5,680",
                kv("note", "CH, BPTT and RTRL fail")));

        String[][] t3 = {
                {"50", "50", "1", "364", "30,000"}, {"100", "100", "1", "664", "31,000"},
                {"200", "200", "1", "1264", "33,000"}, {"500", "500", "1", "3064", "38,000"},
                {"1000", "1000", "1", "6064", "49,000"}, {"1000", "500", "2", "3064", "49,000"},
                {"1000", "200", "5", "1264", "75,000"}, {"1000", "100", "10", "664", "135,000"},
                {"1000", "50", "20", "364", "203,000"}};
        for (String[] row : t3) {
            r.add(new PaperResult("Table 3", "2c", "LSTM", kv("q", row[0], "p", row[1], "q/p", row[2], "weights",
                    row[3]), "", row[4], kv()));
        }

        String[][] t4 = {{"100", "3", "27,380", "39,850", "0.000195"}, {"100", "1", "58,370", "64,330", "0.000117"},
                {"1000", "3", "446,850", "452,460", "0.000078"}};
        for (String[] row : t4) {
            r.add(new PaperResult("Table 4", "3a", "LSTM", kv("T", row[0], "N", row[1], "weights", "102"), "",
                    row[3], kv("ST1", row[2], "ST2", row[3], "misclassified", row[4])));
        }
        String[][] t5 = {{"100", "3", "41,740", "43,250", "0.00828"}, {"100", "1", "74,950", "78,430", "0.01500"},
                {"1000", "1", "481,060", "485,080", "0.01207"}};
        for (String[] row : t5) {
            r.add(new PaperResult("Table 5", "3b", "LSTM", kv("T", row[0], "N", row[1], "weights", "102"), "",
                    row[3], kv("ST1", row[2], "ST2", row[3], "misclassified", row[4])));
        }
        r.add(new PaperResult("Table 6", "3c", "LSTM", kv("T", "100", "N", "3", "weights", "102"), "", "269,650",
                kv("misclassified", "0.00558", "mean abs difference", "0.014")));
        r.add(new PaperResult("Table 6", "3c", "LSTM", kv("T", "100", "N", "1", "weights", "102"), "", "565,640",
                kv("misclassified", "0.00441", "mean abs difference", "0.012")));

        r.add(new PaperResult("Table 7", "4", "LSTM", kv("T", "100", "lag", "50", "weights", "93"), "", "74,000",
                kv("wrong", "1 out of 2560")));
        r.add(new PaperResult("Table 7", "4", "LSTM", kv("T", "500", "lag", "250", "weights", "93"), "", "209,000",
                kv("wrong", "0 out of 2560")));
        r.add(new PaperResult("Table 7", "4", "LSTM", kv("T", "1000", "lag", "500", "weights", "93"), "", "853,000",
                kv("wrong", "1 out of 2560", "range", "370,000 to 2,020,000")));

        r.add(new PaperResult("Table 8", "5", "LSTM", kv("T", "100", "lag", "50", "weights", "93", "n_seq", "140"),
                "", "482,000", kv("wrong", "139 out of 2560", "MSE", "0.0223")));
        r.add(new PaperResult("Table 8", "5", "LSTM", kv("T", "100", "lag", "50", "weights", "93", "n_seq", "13"),
                "", "1,273,000", kv("wrong", "14 out of 2560", "MSE", "0.0139")));

        r.add(new PaperResult("Table 9", "6a", "LSTM", kv("weights", "156"), "", "31,390",
                kv("wrong", "1 out of 2560")));
        r.add(new PaperResult("Table 9", "6b", "LSTM", kv("weights", "308"), "", "571,100",
                kv("wrong", "2 out of 2560")));
        return List.copyOf(r);
    }
}
