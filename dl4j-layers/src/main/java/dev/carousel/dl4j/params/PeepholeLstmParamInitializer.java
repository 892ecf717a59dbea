package dev.carousel.dl4j.params;

import dev.carousel.spec.layout.LstmGateLayout;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.carousel.dl4j.conf.PeepholeLSTM;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
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
 * Initialisation: W and RW as in {@link RecurrentParamInitializer}; b with {@code biasInit} and the forget block
 * with {@code forgetGateBiasInit}; P with zeros.
 */
public final class PeepholeLstmParamInitializer extends RecurrentParamInitializer<PeepholeLSTM> {
    public static final String PEEPHOLE_KEY = "P";

    private static final PeepholeLstmParamInitializer INSTANCE = new PeepholeLstmParamInitializer();

    private PeepholeLstmParamInitializer() {
        super(PeepholeLSTM.class);
    }

    public static PeepholeLstmParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(Layer layer) {
        PeepholeLSTM c = conf(layer);
        LstmGateLayout g = LstmGateLayout.of(c.toSpec());
        long h = c.getNOut();
        return c.getNIn() * g.width() + h * g.width() + g.width() + (long) g.peepCount * h;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        List<String> keys = new ArrayList<>(List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY));
        if (conf(layer).isPeepholes()) {
            keys.add(PEEPHOLE_KEY);
        }
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        List<String> keys = new ArrayList<>(List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY));
        if (conf(layer).isPeepholes()) {
            keys.add(PEEPHOLE_KEY);
        }
        return keys;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.singletonList(BIAS_KEY);
    }

    @Override
    long width(PeepholeLSTM c) {
        return LstmGateLayout.of(c.toSpec()).width();
    }

    @Override
    void initializeOthers(PeepholeLSTM c, Map<String, INDArray> m) {
        LstmGateLayout g = LstmGateLayout.of(c.toSpec());
        INDArray b = m.get(BIAS_KEY);
        b.assign(c.getBiasInit());
        if (g.hasForgetGate()) {
            b.get(interval(g.colF, g.colF + g.hidden)).assign(c.getForgetGateBiasInit());
        }
        if (g.peepholes) {
            m.get(PEEPHOLE_KEY).assign(0);
        }
    }

    @Override
    Map<String, INDArray> slice(PeepholeLSTM c, INDArray view) {
        LstmGateLayout g = LstmGateLayout.of(c.toSpec());
        long h = c.getNOut();
        PackedParams p = new PackedParams(view);
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(INPUT_WEIGHT_KEY, p.matrix(c.getNIn(), g.width()));
        m.put(RECURRENT_WEIGHT_KEY, p.matrix(h, g.width()));
        m.put(BIAS_KEY, p.vector(g.width()));
        if (g.peepholes) {
            m.put(PEEPHOLE_KEY, p.vector((long) g.peepCount * h));
        }
        return m;
    }
}
