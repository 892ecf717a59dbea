package dev.carousel.tasks.seq2seq;

import dev.carousel.spec.decoding.Hypothesis;
import java.util.ArrayList;
import java.util.List;

/**
 * The attention weights of one decoded sequence with their labels, ready to plot as a heatmap (equations.md
 * section 5: alpha is an output a user can read and plot):
 *
 * <pre>
 *   weights[t][j] = alpha_{t,j}, the weight decoder step t (producing outputLabels[t]) puts on source position j
 *                   (sourceLabels[j]);  rows sum to 1
 * </pre>
 *
 * For reversal a trained model's map is close to the anti-diagonal (output t attends to source L-1-t).
 */
public record AttentionMap(List<String> sourceLabels, List<String> outputLabels, double[][] weights) {

    public AttentionMap {
        sourceLabels = List.copyOf(sourceLabels);
        outputLabels = List.copyOf(outputLabels);
        if (weights.length != outputLabels.size()) {
            throw new IllegalArgumentException("expected " + outputLabels.size() + " rows of weights (one per output "
                    + "token), got " + weights.length);
        }
        for (int t = 0; t < weights.length; t++) {
            if (weights[t].length != sourceLabels.size()) {
                throw new IllegalArgumentException("weights row " + t + ": expected " + sourceLabels.size()
                        + " source positions, got " + weights[t].length);
            }
        }
    }

    /** The map of {@code hypothesis} decoded from {@code source}; tokens are labelled by {@code vocabulary}. */
    public static AttentionMap of(Vocabulary vocabulary, int[] source, Hypothesis hypothesis) {
        List<String> src = new ArrayList<>();
        for (int id : source) {
            src.add(vocabulary.token(id));
        }
        List<String> out = new ArrayList<>();
        for (int id : hypothesis.tokens()) {
            out.add(vocabulary.token(id));
        }
        double[][] w = new double[hypothesis.length()][];
        for (int t = 0; t < w.length; t++) {
            w[t] = hypothesis.alphas()[t].clone();
        }
        return new AttentionMap(src, out, w);
    }

    /** CSV: a header row ("", source labels...), then one row per output token (label, weights...). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("\"\"");
        for (String s : sourceLabels) {
            sb.append(',').append(quote(s));
        }
        sb.append('\n');
        for (int t = 0; t < weights.length; t++) {
            sb.append(quote(outputLabels.get(t)));
            for (double a : weights[t]) {
                sb.append(',').append(a);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
