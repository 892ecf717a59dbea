package dev.carousel.dl4j.params;

import dev.carousel.dl4j.conf.GRU;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link GRU}, flattened in this order, column blocks r, z, n (the interchange order):
 * <ul>
 *   <li>{@code W} [nIn, 3H] ('f' order): input weights, W[:, block k] = W_k^T;</li>
 *   <li>{@code RW} [H, 3H] ('f' order): recurrent weights U;</li>
 *   <li>{@code b} [3H]: input biases b_ir, b_iz, b_in (b_ih);</li>
 *   <li>{@code bh} [3H]: recurrent biases b_hr, b_hz, b_hn (b_hh; b_hn sits inside the reset product for
 *   reset-after).</li>
 * </ul>
 * Initialisation: W with the weight init (fanIn = nIn, fanOut = H), RW with {@code weightInitRecurrent} if set,
 * else the weight init (fanIn = fanOut = H), both biases with {@code biasInit}.
 */
public final class GruParamInitializer implements ParamInitializer {
    public static final String INPUT_WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    public static final String RECURRENT_BIAS_KEY = "bh";

    private static final GruParamInitializer INSTANCE = new GruParamInitializer();

    public static GruParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        GRU c = (GRU) layer;
        long h = c.getNOut();
        return 3 * h * (c.getNIn() + h + 2);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY, RECURRENT_BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY, RECURRENT_BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return INPUT_WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key) || RECURRENT_BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        GRU c = (GRU) conf.getLayer();
        Map<String, INDArray> m = slice(c, paramsView);
        for (String k : m.keySet()) {
            conf.addVariable(k);
        }
        if (initializeParams) {
            long nIn = c.getNIn();
            long h = c.getNOut();
            IWeightInit wInit = c.getWeightInitFn();
            IWeightInit rInit = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent() : wInit;
            wInit.init(nIn, h, new long[] {nIn, 3 * h}, 'f', m.get(INPUT_WEIGHT_KEY));
            rInit.init(h, h, new long[] {h, 3 * h}, 'f', m.get(RECURRENT_WEIGHT_KEY));
            m.get(BIAS_KEY).assign(c.getBiasInit());
            m.get(RECURRENT_BIAS_KEY).assign(c.getBiasInit());
        }
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice((GRU) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> slice(GRU c, INDArray view) {
        long nIn = c.getNIn();
        long h = c.getNOut();
        PackedParams p = new PackedParams(view);
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(INPUT_WEIGHT_KEY, p.matrix(nIn, 3 * h));
        m.put(RECURRENT_WEIGHT_KEY, p.matrix(h, 3 * h));
        m.put(BIAS_KEY, p.vector(3 * h));
        m.put(RECURRENT_BIAS_KEY, p.vector(3 * h));
        return m;
    }
}
