package dev.carousel.onnx;

import dev.carousel.spec.DType;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.List;
import java.util.Map;

/**
 * One imported ONNX LSTM or GRU node, framework-neutral: what it computes and its weights in Carousel's interchange
 * layout (equations.md section 1, PyTorch's), one map per direction (forward first):
 *
 * <pre>
 *   LSTM  w_ih [4H, I], w_hh [4H, H], b_ih, b_hh [4H]   rows i, f, g, o;   p_i, p_f, p_o [H] with peepholes
 *   GRU   w_ih [3H, I], w_hh [3H, H], b_ih, b_hh [3H]   rows r, z, n
 * </pre>
 *
 * flat row-major {@code double[]}s. Exactly one of {@code lstmSpec} and {@code gruSpec} is non-null.
 *
 * @param op           LSTM or GRU
 * @param name         the node's name ("" when the file gives none)
 * @param lstmSpec     the LSTM's spec (peepholes iff the node has P; CIFG iff input_forget = 1), or null
 * @param gruSpec      the GRU's spec (reset-after iff linear_before_reset = 1), or null
 * @param direction    forward, reverse or bidirectional
 * @param layout       0: X [T, B, I], Y [T, D, B, H], Y_h [D, B, H]; 1: X [B, T, I], Y [B, T, D, H], Y_h [B, D, H]
 * @param dtype        the element type of the node's weights (float32 or float64)
 * @param weights      interchange weights per direction
 * @param initialH     initial_h when it is a constant of the file, as [D, B, H] whatever the layout; else null
 * @param initialC     initial_c likewise (LSTM), else null
 * @param sequenceLens sequence_lens when it is a constant of the file, else null
 * @param inputs       the node's input names as in the file (X, W, R, B, sequence_lens, initial_h(, initial_c, P));
 *                     "" for an omitted optional input
 * @param outputs      the node's output names (Y, Y_h(, Y_c)); "" for an unused output
 */
public record OnnxRecurrentNode(RecurrentOp op, String name, LstmSpec lstmSpec, GruSpec gruSpec,
                                Direction direction, int layout, DType dtype, List<Map<String, double[]>> weights,
                                OnnxArray initialH, OnnxArray initialC, int[] sequenceLens, List<String> inputs,
                                List<String> outputs) {

    public OnnxRecurrentNode {
        if ((lstmSpec == null) == (gruSpec == null)) {
            throw new IllegalArgumentException("exactly one of lstmSpec and gruSpec must be given");
        }
        if ((op == RecurrentOp.LSTM) != (lstmSpec != null)) {
            throw new IllegalArgumentException("op " + op + " does not match the spec given");
        }
        if (weights.size() != direction.count()) {
            throw new IllegalArgumentException(direction + " needs " + direction.count()
                    + " weight maps, got " + weights.size());
        }
        weights = List.copyOf(weights);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** I, the input features. */
    public int inputSize() {
        return lstmSpec != null ? lstmSpec.inputSize() : gruSpec.inputSize();
    }

    /** H, the hidden size (ONNX hidden_size). */
    public int hiddenSize() {
        return lstmSpec != null ? lstmSpec.hiddenSize() : gruSpec.hiddenSize();
    }

    /** The interchange weights of direction {@code d} (0 = forward, 1 = the backward half of a bidirectional). */
    public Map<String, double[]> weights(int d) {
        return weights.get(d);
    }

    /** Recurrent states: 2 (h, c) for the LSTM, 1 for the GRU. */
    public int stateCount() {
        return op == RecurrentOp.LSTM ? 2 : 1;
    }

    /** The name of input {@code k} of the node, "" when omitted. */
    public String input(int k) {
        return k < inputs.size() ? inputs.get(k) : "";
    }

    /** The name of output {@code k} of the node, "" when unused. */
    public String output(int k) {
        return k < outputs.size() ? outputs.get(k) : "";
    }

    /** A short description for messages: op, name, direction, I, H. */
    public String describe() {
        return op + " node '" + name + "' (" + direction.key() + ", I=" + inputSize() + ", H=" + hiddenSize() + ")";
    }
}
