package dev.carousel.dl4j.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Configuration of Carousel's attention decoder for a DL4J {@link ComputationGraph}: a graph vertex with its own
 * parameters and hand-written backprop (no SameDiff) implementing equations.md sections 4 and 5.
 *
 * <p>Inputs (both NCW): 0 = the encoder outputs e [B, E, S] (a Carousel PeepholeLSTM / GRU, optionally inside DL4J's
 * {@code Bidirectional} in CONCAT mode), with the source mask; 1 = the embedded teacher-forced decoder inputs
 * y [B, M, T] (y_0 = bos, y_t = the target token t-1), with the target mask. Output: out_t [B, O, T] for an
 * {@code RnnOutputLayer} (softmax over the target vocabulary), O = H + E (Bahdanau) or H (Luong), 0 at masked
 * target steps; the output mask is the target mask.
 *
 * <pre>
 *   Bahdanau:  a_t = attend(h(s_{t-1}), e);  s_t = cell([y_{t-1}; a_t], s_{t-1});  out_t = [h(s_t); a_t]
 *   Luong:     s_t = cell([y_{t-1}; h~_{t-1}], s_{t-1});  a_t = attend(h(s_t), e);  h~_t = tanh(W_c [a_t; h(s_t)])
 *   scores:    additive v^T tanh(W_q q + W_k e_j + b) (W_k e_j once per source batch), dot q^T e_j, general q^T W_a e_j
 *   alpha      softmax over valid j, exactly 0 at masked source positions
 *   s_0        zeros, or h_0 = tanh(W_init e_last + b_init) (c_0 = 0)
 * </pre>
 *
 * e_last is read off the encoder outputs: e at the last valid source position, and for a bidirectional encoder
 * ({@link #isBidirectionalEncoder()}) the backward half at the first valid position.
 *
 * <p>DL4J passes the network's global updater only to SameDiff vertices, so this vertex carries its own
 * {@link #getUpdater() updater} (the builder {@link AttentionSeq2SeqGraph} sets it to the network's). Parameters:
 * {@link AttentionDecoderParams}. The attention weights of the last forward pass are readable from the
 * implementation, {@link AttentionDecoderVertexImpl#getAttentionWeights()}.
 */
public class AttentionDecoderVertex extends GraphVertex implements TrainingConfig {
    private int encoderSize;
    private int embeddingSize;
    private int hiddenSize;
    private int attentionSize = 1;
    private Seq2SeqConfig.CellType cellType = Seq2SeqConfig.CellType.LSTM;
    private Seq2SeqConfig.DecoderType decoderType = Seq2SeqConfig.DecoderType.BAHDANAU;
    private Seq2SeqConfig.ScoreType scoreType = Seq2SeqConfig.ScoreType.ADDITIVE;
    private Seq2SeqConfig.InitMode initMode = Seq2SeqConfig.InitMode.ZEROS;
    private boolean bidirectionalEncoder;
    private IUpdater updater;
    private IUpdater biasUpdater;
    private GradientNormalization gradientNormalization = GradientNormalization.None;
    private double gradientNormalizationThreshold = 1.0;
    private String layerName;
    private DataType dataType;

    /** For JSON deserialisation. */
    public AttentionDecoderVertex() {
    }

    /**
     * @param encoderSize   E (2 H_enc for a bidirectional encoder)
     * @param embeddingSize M
     * @param hiddenSize    H = H_dec, the attention query size
     * @param attentionSize A (additive; must be positive)
     */
    public AttentionDecoderVertex(int encoderSize, int embeddingSize, int hiddenSize, int attentionSize,
                                  Seq2SeqConfig.CellType cellType, Seq2SeqConfig.DecoderType decoderType,
                                  Seq2SeqConfig.ScoreType scoreType, Seq2SeqConfig.InitMode initMode,
                                  boolean bidirectionalEncoder, IUpdater updater) {
        this.encoderSize = encoderSize;
        this.embeddingSize = embeddingSize;
        this.hiddenSize = hiddenSize;
        this.attentionSize = attentionSize;
        this.cellType = Objects.requireNonNull(cellType, "cellType");
        this.decoderType = Objects.requireNonNull(decoderType, "decoderType");
        this.scoreType = Objects.requireNonNull(scoreType, "scoreType");
        this.initMode = Objects.requireNonNull(initMode, "initMode");
        this.bidirectionalEncoder = bidirectionalEncoder;
        this.updater = updater;
        validate();
    }

    /** Throws IllegalArgumentException for non-positive sizes, dot with H != E, or an odd bidirectional E. */
    public void validate() {
        if (encoderSize <= 0 || embeddingSize <= 0 || hiddenSize <= 0 || attentionSize <= 0) {
            throw new IllegalArgumentException("AttentionDecoderVertex: sizes must be positive, got E=" + encoderSize
                    + " M=" + embeddingSize + " H=" + hiddenSize + " A=" + attentionSize);
        }
        if (scoreType == Seq2SeqConfig.ScoreType.DOT && hiddenSize != encoderSize) {
            throw new IllegalArgumentException("AttentionDecoderVertex: dot attention needs H == E, got H="
                    + hiddenSize + " E=" + encoderSize + " (use general or additive attention)");
        }
        if (bidirectionalEncoder && encoderSize % 2 != 0) {
            throw new IllegalArgumentException("AttentionDecoderVertex: a bidirectional encoder gives an even E, got "
                    + encoderSize);
        }
    }

    /** O, the size of out_t. */
    public int outputSize() {
        return decoderType == Seq2SeqConfig.DecoderType.BAHDANAU ? hiddenSize + encoderSize : hiddenSize;
    }

    @Override
    public AttentionDecoderVertex clone() {
        AttentionDecoderVertex c = new AttentionDecoderVertex();
        c.encoderSize = encoderSize;
        c.embeddingSize = embeddingSize;
        c.hiddenSize = hiddenSize;
        c.attentionSize = attentionSize;
        c.cellType = cellType;
        c.decoderType = decoderType;
        c.scoreType = scoreType;
        c.initMode = initMode;
        c.bidirectionalEncoder = bidirectionalEncoder;
        c.updater = updater == null ? null : updater.clone();
        c.biasUpdater = biasUpdater == null ? null : biasUpdater.clone();
        c.gradientNormalization = gradientNormalization;
        c.gradientNormalizationThreshold = gradientNormalizationThreshold;
        c.layerName = layerName;
        c.dataType = dataType;
        return c;
    }

    @Override
    public long numParams(boolean backprop) {
        return AttentionDecoderParams.count(this);
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        validate();
        this.layerName = name;
        return new AttentionDecoderVertexImpl(graph, name, idx, this, paramsView, initializeParams, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        if (in.length != 2) {
            throw new InvalidInputTypeException("AttentionDecoderVertex: expected 2 inputs (encoder outputs, embedded "
                    + "decoder inputs), got " + in.length);
        }
        for (int k = 0; k < 2; k++) {
            if (in[k].getType() != InputType.Type.RNN) {
                throw new InvalidInputTypeException("AttentionDecoderVertex: input " + k + " must be recurrent, got "
                        + in[k]);
            }
        }
        InputType.InputTypeRecurrent enc = (InputType.InputTypeRecurrent) in[0];
        InputType.InputTypeRecurrent dec = (InputType.InputTypeRecurrent) in[1];
        if (enc.getSize() != encoderSize || dec.getSize() != embeddingSize) {
            throw new InvalidInputTypeException("AttentionDecoderVertex: expected encoder outputs of size E="
                    + encoderSize + " and decoder inputs of size M=" + embeddingSize + ", got " + enc.getSize()
                    + " and " + dec.getSize());
        }
        return InputType.recurrent(outputSize(), dec.getTimeSeriesLength());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(layerName, AttentionDecoderVertex.class, inputTypes[1], out)
                .standardMemory(numParams(true), 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    // ---- TrainingConfig ----

    @Override
    public String getLayerName() {
        return layerName;
    }

    public void setLayerName(String layerName) {
        this.layerName = layerName;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (updater == null) {
            throw new IllegalStateException("AttentionDecoderVertex '" + layerName + "': no updater set. DL4J does "
                    + "not pass the global updater to custom vertices; set one on the vertex (AttentionSeq2SeqGraph "
                    + "does this for you)");
        }
        return AttentionDecoderParams.isBias(paramName) && biasUpdater != null ? biasUpdater : updater;
    }

    @Override
    public GradientNormalization getGradientNormalization() {
        return gradientNormalization;
    }

    public void setGradientNormalization(GradientNormalization gradientNormalization) {
        this.gradientNormalization = gradientNormalization;
    }

    @Override
    public double getGradientNormalizationThreshold() {
        return gradientNormalizationThreshold;
    }

    public void setGradientNormalizationThreshold(double v) {
        this.gradientNormalizationThreshold = v;
    }

    @Override
    public void setDataType(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType getDataType() {
        return dataType;
    }

    // ---- bean properties ----

    public int getEncoderSize() {
        return encoderSize;
    }

    public void setEncoderSize(int v) {
        this.encoderSize = v;
    }

    public int getEmbeddingSize() {
        return embeddingSize;
    }

    public void setEmbeddingSize(int v) {
        this.embeddingSize = v;
    }

    public int getHiddenSize() {
        return hiddenSize;
    }

    public void setHiddenSize(int v) {
        this.hiddenSize = v;
    }

    public int getAttentionSize() {
        return attentionSize;
    }

    public void setAttentionSize(int v) {
        this.attentionSize = v;
    }

    public Seq2SeqConfig.CellType getCellType() {
        return cellType;
    }

    public void setCellType(Seq2SeqConfig.CellType v) {
        this.cellType = v;
    }

    public Seq2SeqConfig.DecoderType getDecoderType() {
        return decoderType;
    }

    public void setDecoderType(Seq2SeqConfig.DecoderType v) {
        this.decoderType = v;
    }

    public Seq2SeqConfig.ScoreType getScoreType() {
        return scoreType;
    }

    public void setScoreType(Seq2SeqConfig.ScoreType v) {
        this.scoreType = v;
    }

    public Seq2SeqConfig.InitMode getInitMode() {
        return initMode;
    }

    public void setInitMode(Seq2SeqConfig.InitMode v) {
        this.initMode = v;
    }

    public boolean isBidirectionalEncoder() {
        return bidirectionalEncoder;
    }

    public void setBidirectionalEncoder(boolean v) {
        this.bidirectionalEncoder = v;
    }

    public IUpdater getUpdater() {
        return updater;
    }

    public void setUpdater(IUpdater updater) {
        this.updater = updater;
    }

    public IUpdater getBiasUpdater() {
        return biasUpdater;
    }

    public void setBiasUpdater(IUpdater biasUpdater) {
        this.biasUpdater = biasUpdater;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AttentionDecoderVertex)) {
            return false;
        }
        AttentionDecoderVertex v = (AttentionDecoderVertex) o;
        return encoderSize == v.encoderSize && embeddingSize == v.embeddingSize && hiddenSize == v.hiddenSize
                && attentionSize == v.attentionSize && cellType == v.cellType && decoderType == v.decoderType
                && scoreType == v.scoreType && initMode == v.initMode && bidirectionalEncoder == v.bidirectionalEncoder
                && Objects.equals(updater, v.updater) && Objects.equals(biasUpdater, v.biasUpdater)
                && gradientNormalization == v.gradientNormalization
                && Double.compare(gradientNormalizationThreshold, v.gradientNormalizationThreshold) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoderSize, embeddingSize, hiddenSize, attentionSize, cellType, decoderType, scoreType,
                initMode, bidirectionalEncoder, updater, biasUpdater, gradientNormalization,
                gradientNormalizationThreshold);
    }

    @Override
    public String toString() {
        return "AttentionDecoderVertex(E=" + encoderSize + ", M=" + embeddingSize + ", H=" + hiddenSize + ", A="
                + attentionSize + ", " + cellType + ", " + decoderType + ", " + scoreType + ", " + initMode
                + (bidirectionalEncoder ? ", bidirectional encoder" : "") + ")";
    }
}
