package dev.carousel.dl4j.conf;

import dev.carousel.dl4j.layers.PeepholeLstmLayer;
import dev.carousel.spec.layout.LstmGateLayout;
import dev.carousel.dl4j.params.PeepholeLstmParamInitializer;
import dev.carousel.spec.Activation;
import dev.carousel.spec.LstmSpec;
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
 * Configuration of Carousel's LSTM layer for DL4J: the peephole LSTM with forget gate of equations.md section 1
 * (Gers &amp; Schmidhuber 2000; Gers, Schraudolph &amp; Schmidhuber 2002), with the variants of Greff et al. 2017
 * as flags.
 *
 * <pre>
 *   i_t = sigma( W_i x_t + U_i h_{t-1} + p_i . c_{t-1} + b_i )      (i_t = 1 - f_t under CIFG)
 *   f_t = sigma( W_f x_t + U_f h_{t-1} + p_f . c_{t-1} + b_f )      (f_t = 1 without forget gate, NFG)
 *   g_t = act_g( W_g x_t + U_g h_{t-1} + b_g )
 *   c_t = f_t . c_{t-1} + i_t . g_t
 *   o_t = sigma( W_o x_t + U_o h_{t-1} + p_o . c_t + b_o )          (the output gate peeks at the new c_t)
 *   h_t = o_t . act_h( c_t )
 * </pre>
 *
 * Flags: {@code peepholes} (default true; false is NP), {@code forgetGate} (default true; false is NFG, the 1997
 * LSTM), {@code coupledInputForget} (default false; true is CIFG), {@code cellActivation} act_g and
 * {@code outputActivation} act_h (default tanh; also sigmoid, identity and the 1997 squashers), and
 * {@code forgetGateBiasInit} (default 1.0). The layer's DL4J {@code activation(...)} setting is not used: act_h
 * is the output activation. Input and output follow {@code dataFormat(RNNFormat)}: NCW [B, I, T] (default) or
 * NWC [B, T, I]. Parameters: see {@link PeepholeLstmParamInitializer}.
 */
public class PeepholeLSTM extends CarouselRecurrentConf {
    private boolean peepholes = true;
    private boolean forgetGate = true;
    private boolean coupledInputForget = false;
    private Activation cellActivation = Activation.TANH;
    private Activation outputActivation = Activation.TANH;
    private double forgetGateBiasInit = 1.0;

    /** For JSON deserialisation. */
    public PeepholeLSTM() {
    }

    protected PeepholeLSTM(Builder b) {
        super(b);
        this.peepholes = b.peepholes;
        this.forgetGate = b.forgetGate;
        this.coupledInputForget = b.coupledInputForget;
        this.cellActivation = b.cellActivation;
        this.outputActivation = b.outputActivation;
        this.forgetGateBiasInit = b.forgetGateBiasInit;
        new LstmGateLayout(1, peepholes, forgetGate, coupledInputForget);   // validates the flag combination
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return wire(new PeepholeLstmLayer(conf, networkDataType), "PeepholeLSTM", conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return PeepholeLstmParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        LstmGateLayout gl = new LstmGateLayout((int) getNOut(), peepholes, forgetGate, coupledInputForget);
        long perStep = (long) gl.width() + 3L * getNOut();
        return new LayerMemoryReport.Builder(getLayerName(), PeepholeLSTM.class, inputType, out)
                .standardMemory(numParams, 0)
                .workingMemory(0, perStep, 0, 2 * perStep)
                .cacheMemory(0, 0)
                .build();
    }

    /** The framework-independent description of what this layer computes (the reference's spec). */
    public LstmSpec toSpec() {
        return new LstmSpec((int) getNIn(), (int) getNOut(), peepholes, forgetGate, coupledInputForget,
                cellActivation, outputActivation);
    }

    public boolean isPeepholes() {
        return peepholes;
    }

    public void setPeepholes(boolean peepholes) {
        this.peepholes = peepholes;
    }

    public boolean isForgetGate() {
        return forgetGate;
    }

    public void setForgetGate(boolean forgetGate) {
        this.forgetGate = forgetGate;
    }

    public boolean isCoupledInputForget() {
        return coupledInputForget;
    }

    public void setCoupledInputForget(boolean coupledInputForget) {
        this.coupledInputForget = coupledInputForget;
    }

    public Activation getCellActivation() {
        return cellActivation;
    }

    public void setCellActivation(Activation cellActivation) {
        this.cellActivation = cellActivation;
    }

    public Activation getOutputActivation() {
        return outputActivation;
    }

    public void setOutputActivation(Activation outputActivation) {
        this.outputActivation = outputActivation;
    }

    public double getForgetGateBiasInit() {
        return forgetGateBiasInit;
    }

    public void setForgetGateBiasInit(double forgetGateBiasInit) {
        this.forgetGateBiasInit = forgetGateBiasInit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PeepholeLSTM) || !super.equals(o)) {
            return false;
        }
        PeepholeLSTM p = (PeepholeLSTM) o;
        return peepholes == p.peepholes && forgetGate == p.forgetGate && coupledInputForget == p.coupledInputForget
                && cellActivation == p.cellActivation && outputActivation == p.outputActivation
                && Double.compare(forgetGateBiasInit, p.forgetGateBiasInit) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), peepholes, forgetGate, coupledInputForget, cellActivation,
                outputActivation, forgetGateBiasInit);
    }

    @Override
    public String toString() {
        return "PeepholeLSTM(nIn=" + getNIn() + ", nOut=" + getNOut() + ", peepholes=" + peepholes
                + ", forgetGate=" + forgetGate + ", coupledInputForget=" + coupledInputForget + ", act_g="
                + cellActivation.key() + ", act_h=" + outputActivation.key() + ", format=" + getRnnDataFormat() + ")";
    }

    /** DL4J-style builder: {@code new PeepholeLSTM.Builder().nIn(8).nOut(16).peepholes(true).build()}. */
    public static class Builder extends CarouselRecurrentConf.Builder<Builder> {
        private boolean peepholes = true;
        private boolean forgetGate = true;
        private boolean coupledInputForget = false;
        private Activation cellActivation = Activation.TANH;
        private Activation outputActivation = Activation.TANH;
        private double forgetGateBiasInit = 1.0;

        /** Peephole connections p_i, p_f (to c_{t-1}) and p_o (to c_t); false is Greff's NP variant. */
        public Builder peepholes(boolean v) {
            this.peepholes = v;
            return this;
        }

        /** The forget gate; false is Greff's NFG variant, the 1997 LSTM (f_t = 1). */
        public Builder forgetGate(boolean v) {
            this.forgetGate = v;
            return this;
        }

        /** i_t = 1 - f_t (Greff's CIFG variant); needs the forget gate. */
        public Builder coupledInputForget(boolean v) {
            this.coupledInputForget = v;
            return this;
        }

        /** act_g, the cell-input squashing function. */
        public Builder cellActivation(Activation a) {
            this.cellActivation = Objects.requireNonNull(a, "cellActivation");
            return this;
        }

        /** act_h, the cell-output squashing function. */
        public Builder outputActivation(Activation a) {
            this.outputActivation = Objects.requireNonNull(a, "outputActivation");
            return this;
        }

        /** Initial value of b_f (default 1.0). */
        public Builder forgetGateBiasInit(double v) {
            this.forgetGateBiasInit = v;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public PeepholeLSTM build() {
            return new PeepholeLSTM(this);
        }
    }
}
