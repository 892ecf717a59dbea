package dev.carousel.dl4j.conf;

import dev.carousel.dl4j.ThreadCheck;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What Carousel's DL4J recurrent layer configurations ({@link PeepholeLSTM}, {@link GRU}) share beyond DL4J's
 * {@code BaseRecurrentLayer}: the input check (NaN, infinities), the choice of the ND4J-operations path, and wiring an
 * implementation to its parameter views.
 */
public abstract class CarouselRecurrentConf extends BaseRecurrentLayer {
    private boolean checkInput = true;
    /** Saved configurations before {@code checkInput} existed carry this opt-in NaN check; true still checks. */
    private boolean checkInputForNaN = false;
    private boolean nd4jOpsOnly = false;

    /** For JSON deserialisation. */
    protected CarouselRecurrentConf() {
    }

    protected CarouselRecurrentConf(Builder<?> b) {
        super(b);
        this.checkInput = b.checkInput;
        this.nd4jOpsOnly = b.nd4jOpsOnly;
    }

    /**
     * The canonical {@code instantiate} body (DL4J's own LSTM does the same): checks nIn/nOut, then gives the
     * implementation its listeners, index, parameter view and the parameter table the initializer slices from it.
     */
    protected Layer wire(org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer<?> layer, String kind,
                         NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners, int layerIndex,
                         INDArray layerParamsView, boolean initializeParams) {
        LayerValidation.assertNInNOutSet(kind, getLayerName(), layerIndex, getNIn(), getNOut());
        ThreadCheck.once();
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> table = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    /** Whether the layer refuses inputs with NaN or infinite values (default true). */
    public boolean isCheckInput() {
        return checkInput || checkInputForNaN;
    }

    public void setCheckInput(boolean checkInput) {
        this.checkInput = checkInput;
    }

    /**
     * Reads the property of configurations saved before {@code checkInput} existed (then an opt-in, default
     * false): such a configuration loads with the check on, the default now.
     *
     * @deprecated use {@link #setCheckInput}
     */
    @Deprecated
    public void setCheckInputForNaN(boolean checkInputForNaN) {
        this.checkInputForNaN = checkInputForNaN;
    }

    public boolean isNd4jOpsOnly() {
        return nd4jOpsOnly;
    }

    public void setNd4jOpsOnly(boolean nd4jOpsOnly) {
        this.nd4jOpsOnly = nd4jOpsOnly;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass() || !super.equals(o)) {
            return false;
        }
        CarouselRecurrentConf c = (CarouselRecurrentConf) o;
        return isCheckInput() == c.isCheckInput() && nd4jOpsOnly == c.nd4jOpsOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), isCheckInput(), nd4jOpsOnly);
    }

    /** The builder options every Carousel recurrent layer has. */
    public abstract static class Builder<T extends Builder<T>> extends BaseRecurrentLayer.Builder<T> {
        private boolean checkInput = true;
        private boolean nd4jOpsOnly = false;

        /**
         * Refuse inputs with NaN or infinite values with a DL4JInvalidInputException naming the first position
         * (default true; one pass over the input). {@code false} skips the check; the system property
         * {@code carousel.checkInput=false} does the same for every layer.
         */
        @SuppressWarnings("unchecked")
        public T checkInput(boolean v) {
            this.checkInput = v;
            return (T) this;
        }

        /**
         * Run the pointwise maths as ND4J operations even on the CPU backend (the path CUDA always takes). The
         * system property {@code carousel.dl4j.nd4jOpsOnly=true} does the same for every layer.
         */
        @SuppressWarnings("unchecked")
        public T nd4jOpsOnly(boolean v) {
            this.nd4jOpsOnly = v;
            return (T) this;
        }
    }
}
