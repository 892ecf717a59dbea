package dev.carousel.djl;

import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.RecurrentBlock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the parameters of DJL's own {@code LSTM}/{@code GRU} ({@code {l|r}_{layer}_{i2h|h2h}_{WEIGHT|BIAS}}) to and
 * from the interchange layout. DJL keeps PyTorch's gate order (i, f, g, o and r, z, n, reset-after), so the arrays
 * carry over unchanged: i2h_WEIGHT is w_ih, h2h_WEIGHT is w_hh, i2h_BIAS is b_ih, h2h_BIAS is b_hh.
 */
public final class DjlBuiltinWeights {
    private DjlBuiltinWeights() {
    }

    /**
     * The interchange weights of one layer and direction of an initialised DJL recurrent block.
     *
     * @param block   DJL's LSTM or GRU (with biases)
     * @param layer   layer index
     * @param reverse the reverse direction ("r") of a bidirectional block, else the forward one ("l")
     */
    public static Map<String, double[]> fromDjl(RecurrentBlock block, int layer, boolean reverse) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("w_ih", RecurrentLayerBlock.read(parameter(block, layer, reverse, "i2h", "WEIGHT")));
        out.put("w_hh", RecurrentLayerBlock.read(parameter(block, layer, reverse, "h2h", "WEIGHT")));
        out.put("b_ih", RecurrentLayerBlock.read(parameter(block, layer, reverse, "i2h", "BIAS")));
        out.put("b_hh", RecurrentLayerBlock.read(parameter(block, layer, reverse, "h2h", "BIAS")));
        return out;
    }

    /** Writes interchange weights into one layer and direction of an initialised DJL recurrent block. */
    public static void toDjl(RecurrentBlock block, int layer, boolean reverse, Map<String, double[]> weights) {
        RecurrentLayerBlock.writeParameter(parameter(block, layer, reverse, "i2h", "WEIGHT"), weights.get("w_ih"));
        RecurrentLayerBlock.writeParameter(parameter(block, layer, reverse, "h2h", "WEIGHT"), weights.get("w_hh"));
        RecurrentLayerBlock.writeParameter(parameter(block, layer, reverse, "i2h", "BIAS"), weights.get("b_ih"));
        RecurrentLayerBlock.writeParameter(parameter(block, layer, reverse, "h2h", "BIAS"), weights.get("b_hh"));
    }

    private static Parameter parameter(RecurrentBlock block, int layer, boolean reverse, String gate, String type) {
        String name = (reverse ? "r_" : "l_") + layer + "_" + gate + "_" + type;
        Parameter p = block.getParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException("DJL recurrent block: no parameter '" + name + "' (layer " + layer
                    + (reverse ? ", reverse" : "") + "; has biases?); have " + block.getParameters().keys());
        }
        if (!p.isInitialized()) {
            throw new IllegalStateException("DJL recurrent block: parameter '" + name
                    + "' is not initialised; initialize the block first");
        }
        return p;
    }
}
