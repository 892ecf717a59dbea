package dev.carousel.bench.jmh;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.carousel.djl.PeepholeLSTM;
import dev.carousel.djl.attention.AttentionSeq2SeqBlock;
import dev.carousel.djl.attention.TokenCrossEntropyLoss;
import dev.carousel.djl.attention.TokenEmbedding;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (teacher-forced forward, mean token cross-entropy, backward through a GradientCollector; no
 * optimiser update) of a DJL encoder-decoder on the CPU, float32: B = 32, source and target length 20, vocabularies
 * 32, embeddings 64, LSTM encoder and decoder with 128 units, initial decoder state tanh(W_init e_last + b_init).
 * Models:
 * <ul>
 *   <li>{@code attentionBahdanauAdditive}: Carousel's AttentionSeq2SeqBlock, Bahdanau decoder, additive attention
 *       A = 128</li>
 *   <li>{@code attentionLuongGeneral}: the same with the Luong decoder (input feeding) and general attention</li>
 *   <li>{@code plainStepwise}: no attention (the decoder is fed the encoder's final state only), the decoder run by
 *       the same hand-written cell loop</li>
 *   <li>{@code plainFused}: no attention, the decoder one call of the engine's fused LSTM (possible only without
 *       attention: every decoder input is known before the loop)</li>
 * </ul>
 * The encoder is Carousel's PeepholeLSTM without peepholes in every model (full-length batches dispatch it to
 * torch::lstm). Threads: pass {@code -jvmArgsAppend -Dai.djl.pytorch.num_threads=N}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DjlAttentionBenchmark {
    static final int B = 32;
    static final int S = 20;
    static final int T = 20;
    static final int H = 128;
    static final int M = 64;
    static final int V = 32;

    @Param({"attentionBahdanauAdditive", "attentionLuongGeneral", "plainStepwise", "plainFused"})
    public String model;

    private NDManager manager;
    private Block block;
    private NDList data;
    private NDList labels;
    private ParameterStore ps;
    private final TokenCrossEntropyLoss loss = new TokenCrossEntropyLoss();

    static Seq2SeqConfig config(DecoderType decoder, ScoreType score) {
        return new Seq2SeqConfig(V, V, M, H, H, CellType.LSTM, CellType.LSTM, false, decoder, score, H,
                InitMode.FROM_ENCODER, 1, 2, 0);
    }

    static Block build(String model) {
        switch (model) {
            case "attentionBahdanauAdditive":
                return new AttentionSeq2SeqBlock(config(DecoderType.BAHDANAU, ScoreType.ADDITIVE));
            case "attentionLuongGeneral":
                return new AttentionSeq2SeqBlock(config(DecoderType.LUONG, ScoreType.GENERAL));
            case "plainStepwise":
                return new PlainSeq2Seq(false);
            case "plainFused":
                return new PlainSeq2Seq(true);
            default:
                throw new IllegalArgumentException("unknown model " + model);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        block = build(model);
        block.initialize(manager, DataType.FLOAT32, new Shape(B, S), new Shape(B));
        Random r = new Random(1);
        int[][] src = new int[B][S];
        int[][] tgt = new int[B][T];
        int[] sl = new int[B];
        int[] tl = new int[B];
        for (int b = 0; b < B; b++) {
            sl[b] = S;
            tl[b] = T;
            for (int j = 0; j < S; j++) {
                src[b][j] = 3 + r.nextInt(V - 3);
            }
            for (int t = 0; t < T; t++) {
                tgt[b][t] = 3 + r.nextInt(V - 3);
            }
        }
        data = new NDList(manager.create(src), manager.create(sl));
        labels = new NDList(manager.create(tgt), manager.create(tl));
        ps = new ParameterStore(manager, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float trainingStep() {
        try (NDScope scope = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = block.forward(ps, data, labels, null);
            NDArray l = loss.evaluate(labels, out);
            gc.backward(l);
            return l.getFloat();
        }
    }

    /**
     * The encoder-decoder without attention (Sutskever et al. 2014 with Cho et al.'s bridge): embeddings, the same
     * LSTM encoder, h_0 = tanh(W_init e_last + b_init), c_0 = 0, an LSTM decoder over the embedded previous target
     * tokens only, logits = W_out h_t + b_out. Teacher forcing on full-length batches (lengths are ignored).
     */
    static final class PlainSeq2Seq extends AbstractBlock {
        private final TokenEmbedding sourceEmbedding;
        private final TokenEmbedding targetEmbedding;
        private final PeepholeLSTM encoder;
        private final Linear bridge;
        private final PeepholeLSTM decoder;
        private final Linear output;

        PlainSeq2Seq(boolean fusedDecoder) {
            sourceEmbedding = addChildBlock("src_embedding", new TokenEmbedding("src_embedding", V, M));
            targetEmbedding = addChildBlock("tgt_embedding", new TokenEmbedding("tgt_embedding", V, M));
            encoder = addChildBlock("encoder", PeepholeLSTM.builder().setStateSize(H).optPeepholes(false)
                    .optReturnState(true).build());
            bridge = addChildBlock("bridge", Linear.builder().setUnits(H).build());
            decoder = addChildBlock("decoder", PeepholeLSTM.builder().setStateSize(H).optPeepholes(false)
                    .optFusedDispatch(fusedDecoder).build());
            output = addChildBlock("output", Linear.builder().setUnits(V).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            throw new UnsupportedOperationException("PlainSeq2Seq: use forward(ps, data, labels)");
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList data, NDList labels,
                                         PairList<String, Object> params) {
            NDArray source = data.get(0);
            NDArray target = labels.get(0);
            NDManager m = source.getManager();
            long batch = target.getShape().get(0);
            NDArray bos = m.ones(new Shape(batch, 1)).toType(target.getDataType(), false);
            NDArray input = NDArrays.concat(new NDList(bos, target.get(":, :-1")), 1);
            NDList enc = encoder.forward(ps, new NDList(sourceEmbedding.embed(ps, source, true)), true);
            NDArray h0 = bridge.forward(ps, new NDList(enc.get(1)), true).head().tanh();
            NDArray c0 = m.zeros(h0.getShape(), h0.getDataType());
            NDArray y = decoder.forward(ps, new NDList(targetEmbedding.embed(ps, input, true), h0, c0), true).head();
            return new NDList(output.forward(ps, new NDList(y), true).head());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), T, V)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            long b = inputShapes[0].get(0);
            sourceEmbedding.initialize(manager, dataType, new Shape(b, S));
            targetEmbedding.initialize(manager, dataType, new Shape(b, T));
            encoder.initialize(manager, dataType, new Shape(b, S, M));
            bridge.initialize(manager, dataType, new Shape(b, H));
            decoder.initialize(manager, dataType, new Shape(b, T, M));
            output.initialize(manager, dataType, new Shape(b, T, H));
        }
    }
}
