package dev.carousel.dl4j.params;

import dev.carousel.dl4j.conf.CarouselRecurrentConf;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What Carousel's recurrent parameter initialisers share: the parameters are views into one flattened vector,
 * cut by {@link #slice} in the order of {@code paramKeys}; both the values and the gradients use the same cut; the input weights
 * {@code W} [nIn, width] and recurrent weights {@code RW} [H, width] ('f' order) are initialised with the layer's
 * weight init (fanIn = nIn, fanOut = H) and {@code weightInitRecurrent} if set, else the weight init
 * (fanIn = fanOut = H); subclasses initialise the rest.
 */
public abstract class RecurrentParamInitializer<C extends CarouselRecurrentConf> implements ParamInitializer {
    public static final String INPUT_WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";

    private final Class<C> confType;

    RecurrentParamInitializer(Class<C> confType) {
        this.confType = confType;
    }

    /** The layer configuration, or an exception naming what came instead. */
    final C conf(Layer layer) {
        if (!confType.isInstance(layer)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " initialises " + confType.getSimpleName()
                    + " layers, got " + (layer == null ? "null" : layer.getClass().getName()));
        }
        return confType.cast(layer);
    }

    /** The parameter views of {@code view} (values or gradients), keyed and ordered as {@link #paramKeys}. */
    abstract Map<String, INDArray> slice(C c, INDArray view);

    /** Initialises everything but W and RW (which {@link #init} has done). */
    abstract void initializeOthers(C c, Map<String, INDArray> params);

    /** The width of W and RW: the packed gate blocks. */
    abstract long width(C c);

    @Override
    public final long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public final boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public final boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public final Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView,
                                            boolean initializeParams) {
        C c = conf(conf.getLayer());
        Map<String, INDArray> m = slice(c, paramsView);
        for (String k : m.keySet()) {
            conf.addVariable(k);
        }
        if (initializeParams) {
            long nIn = c.getNIn();
            long h = c.getNOut();
            IWeightInit wInit = c.getWeightInitFn();
            IWeightInit rInit = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent() : wInit;
            wInit.init(nIn, h, new long[] {nIn, width(c)}, 'f', m.get(INPUT_WEIGHT_KEY));
            rInit.init(h, h, new long[] {h, width(c)}, 'f', m.get(RECURRENT_WEIGHT_KEY));
            initializeOthers(c, m);
        }
        return m;
    }

    @Override
    public final Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice(conf(conf.getLayer()), gradientView);
    }
}
