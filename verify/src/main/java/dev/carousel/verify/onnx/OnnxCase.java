package dev.carousel.verify.onnx;

import dev.carousel.onnx.OnnxRecurrentNode;
import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test data set of an ONNX backend-test folder ({@code model.onnx} + {@code test_data_set_N/}), read and checked
 * by {@link OnnxCaseReader}: the imported node, its inputs in Carousel's batch-first form, and the stored outputs in
 * ONNX's own layout.
 *
 * @param name     the row's case name: the folder's name, plus {@code /test_data_set_N} when the folder has more
 *                 than one data set
 * @param node     the imported LSTM/GRU node (spec, direction, layout, interchange weights per direction)
 * @param x        X as [B][T][I], whatever the node's layout
 * @param lengths  sequence_lens [B], or all T when the test gives none
 * @param given    whether the test gives sequence_lens
 * @param h0       initial_h as [D][B][H], or null for zeros
 * @param c0       initial_c as [D][B][H] (LSTM), or null for zeros
 * @param expected the stored outputs the test gives, by ONNX output role ("Y", "Y_h", "Y_c"), in the node's layout, in that order
 *                 (layout 0: Y [T, D, B, H], Y_h/Y_c [D, B, H]; layout 1: Y [B, T, D, H], Y_h/Y_c [B, D, H])
 * @param dataType the precision of the data: float32 when the weights, X or a stored output are float32 (the stored
 *                 outputs then have float32 precision), float64 otherwise
 */
public record OnnxCase(String name, OnnxRecurrentNode node, double[][][] x, int[] lengths, boolean given,
                       double[][][] h0, double[][][] c0, Map<String, Tensor> expected, DType dataType) {
    /** The names of the three ONNX outputs, by output index. */
    public static final String[] OUTPUTS = {"Y", "Y_h", "Y_c"};

    public OnnxCase {
        expected = Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    }

    /** B. */
    public int batch() {
        return x.length;
    }

    /** T. */
    public int time() {
        return x[0].length;
    }

    /** Whether some sequence is shorter than T. */
    public boolean variableLength() {
        return Arrays.stream(lengths).anyMatch(l -> l < time());
    }

    /** The configuration of one direction's run, as a Carousel case. */
    public CaseConfig config() {
        return node.lstmSpec() != null ? CaseConfig.lstm(node.lstmSpec(), batch(), time(), variableLength())
                : CaseConfig.gru(node.gruSpec(), batch(), time(), variableLength());
    }

    /**
     * The tolerance of a row run in {@code dtype}: the looser of the dtype's and the data's ({@link DType#tolerance}
     * of T), since the stored outputs of a float32 model carry only float32 precision.
     */
    public double tolerance(DType dtype) {
        return Math.max(dtype.tolerance(time()), dataType.tolerance(time()));
    }
}
