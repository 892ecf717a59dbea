package dev.carousel.verify;

import dev.carousel.verify.Verdict;
import dev.carousel.verify.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code carousel verify} prints: one row per case, implementation and dtype, with the forward error
 * (worst of y, h_n, c_n), the worst gradient error and its array, the tolerance, the verdict and a note.
 */
public final class VerificationTable {
    public static final String[] HEADER = {"case", "impl", "dtype", "forward err", "worst grad err", "grad array",
        "tolerance", "result", "note"};

    private VerificationTable() {
    }

    public static String render(List<Verification> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Verification v : rows) {
            cells.add(new String[] {v.caseName(), v.implementation(), v.dtype() == null ? "-" : v.dtype().key(),
                number(v.forwardError()), number(v.gradientError()),
                v.worstGradient() == null ? "-" : v.worstGradient(), number(v.tolerance()), v.verdict().name(),
                v.note().replace('\n', ' ').replace('\r', ' ')});
        }
        int[] width = new int[HEADER.length];
        for (String[] r : cells) {
            for (int k = 0; k < r.length - 1; k++) {
                width[k] = Math.max(width[k], r[k].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String[] r = cells.get(i);
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < r.length; k++) {
                line.append(k == r.length - 1 ? r[k] : pad(r[k], width[k])).append(k < r.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = 0;
                for (int k = 0; k < width.length - 1; k++) {
                    total += width[k] + 2;
                }
                sb.append("-".repeat(total + HEADER[HEADER.length - 1].length())).append('\n');
            }
        }
        return sb.toString();
    }

    /** "12 rows: 10 PASS, 1 FAIL, 1 SKIP, 0 ERROR (unreadable cases)". */
    public static String summary(List<Verification> rows) {
        int[] n = new int[Verdict.values().length];
        for (Verification v : rows) {
            n[v.verdict().ordinal()]++;
        }
        return String.format(Locale.ROOT, "%d rows: %d PASS, %d FAIL, %d SKIP, %d ERROR (unreadable cases)",
                rows.size(), n[Verdict.PASS.ordinal()], n[Verdict.FAIL.ordinal()], n[Verdict.SKIP.ordinal()],
                n[Verdict.ERROR.ordinal()]);
    }

    private static String number(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2e", x);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
