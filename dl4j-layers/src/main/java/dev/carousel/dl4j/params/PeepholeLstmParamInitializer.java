package dev.carousel.dl4j.params;

import dev.carousel.dl4j.conf.PeepholeLSTM;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link PeepholeLSTM}, flattened in this order:
 * <ul>
 *   <li>{@code W} [nIn, G*H] ('f' order): input weights, column blocks i, f, g, o (absent gates skipped, see
 *   {@link LstmGateLayout}); W[:, block k] = W_k^T of equations.md.</li>
 *   <li>{@code RW} [H, G*H] ('f' order): recurrent weights U, same blocks.</li>
 *   <li>{@code b} [G*H]: one bias per gate, b = b_ih + b_hh of the interchange layout.</li>
 *   <li>{@code P} [nP*H], only with peepholes: p_i, p_f, p_o (absent gates skipped).</li>
 * </ul>
 * Initialisation: W with the layer's weight init (fanIn = nIn, fanOut = H), RW with {@code weightInitRecurrent}
 * if set, else the weight init (fanIn = fanOut = H); b with {@code biasInit} and the forget block with
 * {@code forgetGateBiasInit}; P with zeros.
 */
public final class PeepholeLstmParamInitializer implements ParamInitializer {
    public static final String INPUT_WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    public static final String PEEPHOLE_KEY = "P";

    private static final PeepholeLstmParamInitializer INSTANCE = new PeepholeLstmParamInitializer();

    public static PeepholeLstmParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        PeepholeLSTM c = (PeepholeLSTM) layer;
        LstmGateLayout g = LstmGateLayout.of(c);
        long h = c.getNOut();
        return c.getNIn() * g.width() + h * g.width() + g.width() + (long) g.peepCount * h;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        List<String> keys = new ArrayList<>(List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY));
        if (((PeepholeLSTM) layer).isPeepholes()) {
            keys.add(PEEPHOLE_KEY);
        }
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        List<String> keys = new ArrayList<>(List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY));
        if (((PeepholeLSTM) layer).isPeepholes()) {
            keys.add(PEEPHOLE_KEY);
        }
        return keys;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.singletonList(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        PeepholeLSTM c = (PeepholeLSTM) conf.getLayer();
        Map<String, INDArray> m = slice(c, paramsView);
        for (String k : m.keySet()) {
            conf.addVariable(k);
        }
        if (initializeParams) {
            LstmGateLayout g = LstmGateLayout.of(c);
            long nIn = c.getNIn();
            long h = c.getNOut();
            IWeightInit wInit = c.getWeightInitFn();
            IWeightInit rInit = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent() : wInit;
            wInit.init(nIn, h, new long[] {nIn, g.width()}, 'f', m.get(INPUT_WEIGHT_KEY));
            rInit.init(h, h, new long[] {h, g.width()}, 'f', m.get(RECURRENT_WEIGHT_KEY));
            INDArray b = m.get(BIAS_KEY);
            b.assign(c.getBiasInit());
            if (g.hasForgetGate()) {
                b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(g.colF, g.colF + h)).assign(c.getForgetGateBiasInit());
            }
            if (g.peepholes) {
                m.get(PEEPHOLE_KEY).assign(0);
            }
        }
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice((PeepholeLSTM) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> slice(PeepholeLSTM c, INDArray view) {
        LstmGateLayout g = LstmGateLayout.of(c);
        long nIn = c.getNIn();
        long h = c.getNOut();
        PackedParams p = new PackedParams(view);
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(INPUT_WEIGHT_KEY, p.matrix(nIn, g.width()));
        m.put(RECURRENT_WEIGHT_KEY, p.matrix(h, g.width()));
        m.put(BIAS_KEY, p.vector(g.width()));
        if (g.peepholes) {
            m.put(PEEPHOLE_KEY, p.vector((long) g.peepCount * h));
        }
        return m;
    }
}
