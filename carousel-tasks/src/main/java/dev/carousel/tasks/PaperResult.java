package dev.carousel.tasks;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One published result row (Hochreiter &amp; Schmidhuber 1997, Tables 1–9 and the Exp. 2b text), kept as printed so
 * that the harness can show "paper" next to a reproduced row. Catalogue: {@link PaperResults}.
 *
 * @param table              where it is printed, e.g. "Table 7" or "Exp. 2b text"
 * @param taskId             the {@link DelayTasks} id
 * @param method             "LSTM", "RTRL", "BPTT", "CH", "ELM", "RCC"
 * @param setting            the row's configuration: task parameters under their {@link DelayTasks} names
 *                           ({@code T}, {@code N}, {@code p}, {@code q}) and set-up columns (e.g. {@code hidden},
 *                           {@code alpha}, {@code weights}, {@code n_seq})
 * @param successRate        "% of success" as printed ("100", "some fraction"); "" where the table has no column
 * @param sequencesToSuccess "success after" / stopping count as printed ("39,740", "&gt; 5,000,000")
 * @param extra              further printed columns (e.g. {@code misclassified=0.000195}, {@code ST1=27,380})
 */
public record PaperResult(String table, String taskId, String method, Map<String, String> setting,
                          String successRate, String sequencesToSuccess, Map<String, String> extra) {

    public PaperResult {
        setting = Map.copyOf(setting);
        extra = Map.copyOf(extra);
    }

    /** The success rate in percent when printed as a number. */
    public OptionalDouble successPercent() {
        try {
            return OptionalDouble.of(Double.parseDouble(successRate.replace(",", "")));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The number of training sequences when printed as an exact number (not a bound such as "&gt; 5,000,000"). */
    public OptionalLong sequences() {
        try {
            return OptionalLong.of(Long.parseLong(sequencesToSuccess.replace(",", "").trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True when this row's setting agrees with every task parameter it names. */
    public boolean matches(Map<String, String> taskParameters) {
        for (Map.Entry<String, String> e : taskParameters.entrySet()) {
            String v = setting.get(e.getKey());
            if (v != null && !v.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
