package dev.carousel.dl4j.conf;

import dev.carousel.dl4j.layers.GruLayer;
import dev.carousel.dl4j.params.GruParamInitializer;
import dev.carousel.spec.GruSpec;
import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of Carousel's GRU layer for DL4J (Cho et al. 2014; equations.md section 2).
 *
 * <pre>
 *   r_t = sigma( W_r x_t + b_ir + U_r h_{t-1} + b_hr )
 *   z_t = sigma( W_z x_t + b_iz + U_z h_{t-1} + b_hz )
 *   reset-before (Cho 2014):  n_t = tanh( W_n x_t + b_in + U_n (r_t . h_{t-1}) + b_hn )
 *   reset-after  (cuDNN):     n_t = tanh( W_n x_t + b_in + r_t . (U_n h_{t-1} + b_hn) )
 *   h_t = z_t . h_{t-1} + (1 - z_t) . n_t
 * </pre>
 *
 * {@code resetAfter} selects the form (default true: PyTorch, cuDNN, DJL, Keras' default). Both biases b_ih and
 * b_hh are parameters. Parameters: see {@link GruParamInitializer}.
 */
public class GRU extends CarouselRecurrentConf {
    private boolean resetAfter = true;

    /** For JSON deserialisation. */
    public GRU() {
    }

    protected GRU(Builder b) {
        super(b);
        this.resetAfter = b.resetAfter;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return wire(new GruLayer(conf, networkDataType), "GRU", conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return GruParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perStep = 8L * getNOut();
        return new LayerMemoryReport.Builder(getLayerName(), GRU.class, inputType, out)
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, perStep, 0, 2 * perStep)
                .cacheMemory(0, 0)
                .build();
    }

    /** The framework-independent description of what this layer computes (the reference's spec). */
    public GruSpec toSpec() {
        return new GruSpec((int) getNIn(), (int) getNOut(), resetAfter);
    }

    public boolean isResetAfter() {
        return resetAfter;
    }

    public void setResetAfter(boolean resetAfter) {
        this.resetAfter = resetAfter;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GRU) || !super.equals(o)) {
            return false;
        }
        GRU g = (GRU) o;
        return resetAfter == g.resetAfter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), resetAfter);
    }

    @Override
    public String toString() {
        return "GRU(nIn=" + getNIn() + ", nOut=" + getNOut() + ", resetAfter=" + resetAfter + ", format="
                + getRnnDataFormat() + ")";
    }

    /** DL4J-style builder: {@code new GRU.Builder().nIn(8).nOut(16).resetAfter(true).build()}. */
    public static class Builder extends CarouselRecurrentConf.Builder<Builder> {
        private boolean resetAfter = true;

        /** true: n_t = tanh(W_n x + b_in + r . (U_n h + b_hn)) (cuDNN); false: Cho 2014's U_n (r . h). */
        public Builder resetAfter(boolean v) {
            this.resetAfter = v;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GRU build() {
            return new GRU(this);
        }
    }
}
