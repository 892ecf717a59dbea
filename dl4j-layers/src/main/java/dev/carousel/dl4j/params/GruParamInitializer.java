package dev.carousel.dl4j.params;

import dev.carousel.dl4j.conf.GRU;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
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
 * Initialisation: W and RW as in {@link RecurrentParamInitializer}, both biases with {@code biasInit}.
 */
public final class GruParamInitializer extends RecurrentParamInitializer<GRU> {
    public static final String RECURRENT_BIAS_KEY = "bh";

    private static final GruParamInitializer INSTANCE = new GruParamInitializer();

    private GruParamInitializer() {
        super(GRU.class);
    }

    public static GruParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(Layer layer) {
        GRU c = conf(layer);
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
    long width(GRU c) {
        return 3 * c.getNOut();
    }

    @Override
    void initializeOthers(GRU c, Map<String, INDArray> m) {
        m.get(BIAS_KEY).assign(c.getBiasInit());
        m.get(RECURRENT_BIAS_KEY).assign(c.getBiasInit());
    }

    @Override
    Map<String, INDArray> slice(GRU c, INDArray view) {
        long h = c.getNOut();
        PackedParams p = new PackedParams(view);
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(INPUT_WEIGHT_KEY, p.matrix(c.getNIn(), 3 * h));
        m.put(RECURRENT_WEIGHT_KEY, p.matrix(h, 3 * h));
        m.put(BIAS_KEY, p.vector(3 * h));
        m.put(RECURRENT_BIAS_KEY, p.vector(3 * h));
        return m;
    }
}
