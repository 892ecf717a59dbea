package dev.carousel.bench.jmh;

import dev.carousel.dl4j.attention.AttentionSeq2SeqGraph;
import dev.carousel.dl4j.attention.Seq2SeqArrays;
import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training step (forward, backward, Adam update; float32) of Carousel's DL4J attention encoder-decoder against the
 * same encoder-decoder without attention, at B = 32, source length 20, target length 20, vocabulary 32, embedding 64,
 * hidden 128 (LSTM encoder and decoder without peepholes):
 *
 * <ul>
 *   <li>{@code attention}: {@link AttentionSeq2SeqGraph}, Bahdanau decoder with additive attention (A = 128),
 *   decoder state initialised from the encoder (bridge).</li>
 *   <li>{@code plain}: the classic DL4J seq2seq, the decoder fed the encoder's final state only (LastTimeStep,
 *   duplicated to every decoder step and concatenated with the embedded decoder input), Carousel PeepholeLSTM
 *   decoder (no peepholes) and the same softmax output.</li>
 * </ul>
 *
 * Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main Dl4jAttentionBenchmark -f 1 -wi 2 -i 3} with
 * OMP_NUM_THREADS set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class Dl4jAttentionBenchmark {
    @Param({"attention", "plain"})
    public String model;
    @Param({"32"})
    public int batch;
    @Param({"20"})
    public int sourceLength;
    @Param({"20"})
    public int targetLength;
    @Param({"128"})
    public int hidden;
    @Param({"64"})
    public int embedding;
    @Param({"32"})
    public int vocab;

    private ComputationGraph graph;
    private MultiDataSet data;

    @Setup(Level.Trial)
    public void setup() {
        Seq2SeqConfig cfg = new Seq2SeqConfig(vocab, vocab, embedding, hidden, hidden, CellType.LSTM, CellType.LSTM,
                false, DecoderType.BAHDANAU, ScoreType.ADDITIVE, hidden, InitMode.FROM_ENCODER, 1, 2, 0);
        Random r = new Random(1);
        int[][] src = new int[batch][sourceLength];
        int[][] tgt = new int[batch][targetLength];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < sourceLength; j++) {
                src[b][j] = 3 + r.nextInt(vocab - 3);
            }
            for (int t = 0; t < targetLength; t++) {
                tgt[b][t] = 3 + r.nextInt(vocab - 3);
            }
        }
        data = Seq2SeqArrays.batch(cfg, src, null, tgt, null, DataType.FLOAT);
        if (model.equals("attention")) {
            graph = AttentionSeq2SeqGraph.build(cfg, new Adam(1e-3), DataType.FLOAT, 1);
        } else {
            graph = new ComputationGraph(plain(cfg));
            graph.init();
            // the plain graph reads the ids as [B, 1, T] so DuplicateToTimeSeriesVertex can take T from its input
            data = new MultiDataSet(new org.nd4j.linalg.api.ndarray.INDArray[] {
                    data.getFeatures(0).reshape(batch, 1, sourceLength),
                    data.getFeatures(1).reshape(batch, 1, targetLength)}, data.getLabels(),
                    null, null);
        }
        graph.fit(data);
    }

    private static ComputationGraphConfiguration plain(Seq2SeqConfig cfg) {
        int m = cfg.embeddingSize();
        int h = cfg.encoderHiddenSize();
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).graphBuilder()
                .addInputs("source", "decoder_input")
                .addLayer("src_embedding", embedding(cfg.sourceVocabSize(), m), "source")
                .addLayer("encoder", new PeepholeLSTM.Builder().nIn(m).nOut(h).peepholes(false).build(),
                        "src_embedding")
                .addVertex("last", new LastTimeStepVertex("source"), "encoder")
                .addVertex("repeat", new DuplicateToTimeSeriesVertex("decoder_input"), "last")
                .addLayer("tgt_embedding", embedding(cfg.targetVocabSize(), m), "decoder_input")
                .addVertex("merge", new MergeVertex(), "repeat", "tgt_embedding")
                .addLayer("decoder", new PeepholeLSTM.Builder().nIn(m + h).nOut(h).peepholes(false).build(),
                        "merge")
                .addLayer("output", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).nIn(h)
                        .nOut(cfg.targetVocabSize()).build(), "decoder")
                .setOutputs("output")
                .build();
    }

    private static EmbeddingSequenceLayer embedding(int v, int m) {
        return new EmbeddingSequenceLayer.Builder().nIn(v).nOut(m).hasBias(false).inferInputLength(true)
                .activation(Activation.IDENTITY).build();
    }

    @Benchmark
    public double trainingStep() {
        graph.fit(data);
        return graph.score();
    }
}
