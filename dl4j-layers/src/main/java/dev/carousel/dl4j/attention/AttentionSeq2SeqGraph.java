package dev.carousel.dl4j.attention;

import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J ComputationGraph of the attention encoder-decoder of equations.md section 5 from a reference
 * {@link Seq2SeqConfig} (the same model the float64 reference computes):
 *
 * <pre>
 *   "source" [B, S] ids        -> "src_embedding" (EmbeddingSequenceLayer V_src -> M)
 *                              -> "encoder" (Carousel PeepholeLSTM / GRU, H_enc; Bidirectional CONCAT if set)
 *   "decoder_input" [B, T] ids -> "tgt_embedding" (EmbeddingSequenceLayer V_tgt -> M)
 *   ("encoder", "tgt_embedding") -> "decoder" ({@link AttentionDecoderVertex})
 *                              -> "output" (RnnOutputLayer, softmax + MCXENT over V_tgt)
 * </pre>
 *
 * Feature masks: [source mask [B, S], target mask [B, T]]; label mask: the target mask. {@link Seq2SeqArrays} builds
 * such a MultiDataSet from token ids. DL4J's score is the loss summed over valid target tokens divided by B; the
 * parameter gradients are the gradients of the summed loss (the updater divides by B).
 */
public final class AttentionSeq2SeqGraph {
    public static final String SOURCE = "source";
    public static final String DECODER_INPUT = "decoder_input";
    public static final String SRC_EMBEDDING = "src_embedding";
    public static final String TGT_EMBEDDING = "tgt_embedding";
    public static final String ENCODER = "encoder";
    public static final String DECODER = "decoder";
    public static final String OUTPUT = "output";

    private AttentionSeq2SeqGraph() {
    }

    /** The graph configuration (network data type {@code dataType}, global updater also set on the decoder). */
    public static ComputationGraphConfiguration configuration(Seq2SeqConfig cfg, IUpdater updater, DataType dataType,
                                                              long seed) {
        int m = cfg.embeddingSize();
        int hEnc = cfg.encoderHiddenSize();
        int e = cfg.encoderOutputSize();
        Layer encoder = encoderLayer(cfg.encoderCell(), m, hEnc);
        if (cfg.bidirectional()) {
            encoder = new Bidirectional(Bidirectional.Mode.CONCAT, encoder);
        }
        AttentionDecoderVertex decoder = new AttentionDecoderVertex(e, m, cfg.decoderHiddenSize(),
                cfg.attentionSize(), cfg.decoderCell(), cfg.decoderType(), cfg.scoreType(), cfg.initMode(),
                cfg.bidirectional(), updater.clone());
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(SOURCE, DECODER_INPUT)
                .addLayer(SRC_EMBEDDING, embedding(cfg.sourceVocabSize(), m), SOURCE)
                .addLayer(ENCODER, encoder, SRC_EMBEDDING)
                .addLayer(TGT_EMBEDDING, embedding(cfg.targetVocabSize(), m), DECODER_INPUT)
                .addVertex(DECODER, decoder, ENCODER, TGT_EMBEDDING)
                .addLayer(OUTPUT, new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW)
                        .nIn(decoder.outputSize()).nOut(cfg.targetVocabSize()).build(), DECODER)
                .setOutputs(OUTPUT)
                .build();
    }

    /** {@link #configuration} built and initialised; {@link AttentionComputationGraph#numParams()} counts the decoder. */
    public static AttentionComputationGraph build(Seq2SeqConfig cfg, IUpdater updater, DataType dataType, long seed) {
        AttentionComputationGraph g = new AttentionComputationGraph(configuration(cfg, updater, dataType, seed));
        g.init();
        return g;
    }

    /** The decoder vertex of a graph built here. */
    public static AttentionDecoderVertexImpl decoder(ComputationGraph graph) {
        return (AttentionDecoderVertexImpl) graph.getVertex(DECODER);
    }

    static Layer encoderLayer(Seq2SeqConfig.CellType cell, int nIn, int nOut) {
        switch (cell) {
            case LSTM:
            case PEEPHOLE_LSTM:
                return new PeepholeLSTM.Builder().nIn(nIn).nOut(nOut)
                        .peepholes(cell == Seq2SeqConfig.CellType.PEEPHOLE_LSTM).build();
            case GRU:
            case GRU_RESET_BEFORE:
                return new GRU.Builder().nIn(nIn).nOut(nOut).resetAfter(cell == Seq2SeqConfig.CellType.GRU).build();
            default:
                throw new IllegalArgumentException("unknown encoder cell " + cell);
        }
    }

    private static EmbeddingSequenceLayer embedding(int vocab, int size) {
        return new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(size).hasBias(false).inferInputLength(true)
                .activation(Activation.IDENTITY).weightInit(new WeightInitDistribution(new NormalDistribution(0, 1)))
                .build();
    }
}
