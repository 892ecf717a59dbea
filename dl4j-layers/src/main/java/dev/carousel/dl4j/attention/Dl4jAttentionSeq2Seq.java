package dev.carousel.dl4j.attention;

import dev.carousel.spec.decoding.IncrementalDecoder;
import dev.carousel.spec.decoding.LogSoftmax;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.decoding.StepResult;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference on a graph built by {@link AttentionSeq2SeqGraph}, through the reference's {@link IncrementalDecoder}
 * interface, so the framework-neutral {@code GreedyDecoder} and {@code BeamSearch} run unchanged on the DL4J model:
 *
 * <pre>
 *   start(source):  src_embedding, encoder ONCE; the decoder's keys k_j once; s_0 (zeros or the bridge)
 *   step(S, y):     y = tgt_embedding[y]; one decoder step (no encoder); log softmax(out_t W_out + b_out)
 * </pre>
 *
 * Runs at layer level on the graph's own parameters (no copies): training the graph changes what this decodes.
 * Also gives teacher-forced logits and attention weights of a batch ({@link #teacherForced}).
 */
public final class Dl4jAttentionSeq2Seq implements IncrementalDecoder<Dl4jAttentionSeq2Seq.State> {
    private final ComputationGraph graph;
    private final int bos;
    private final int eos;
    private final int sourceVocab;
    private final int targetVocab;

    /** The state between two steps: the encoded source (shared, read-only) and the decoder's recurrent state. */
    public static final class State {
        final SourceMemory memory;
        final DecoderState decoder;

        State(SourceMemory memory, DecoderState decoder) {
            this.memory = memory;
            this.decoder = decoder;
        }

        /** h_t [H] as doubles. */
        public double[] hidden() {
            return decoder.s()[0].castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }

        /** The encoder outputs attended over, [S][E]. */
        public double[][] encoderOutputs() {
            INDArray e = memory.e.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).castTo(DataType.DOUBLE);
            return e.toDoubleMatrix();
        }
    }

    /** Teacher-forced results of a batch: logits [B][T][V] and alphas [B][T][S] (0 at masked positions). */
    public record TeacherForced(double[][][] logits, double[][][] alphas) {
    }

    /**
     * @param graph a graph from {@link AttentionSeq2SeqGraph} (any data type)
     * @param cfg   its configuration (token ids and vocabulary sizes)
     */
    public Dl4jAttentionSeq2Seq(ComputationGraph graph, Seq2SeqConfig cfg) {
        this.graph = graph;
        this.bos = cfg.bosId();
        this.eos = cfg.eosId();
        this.sourceVocab = cfg.sourceVocabSize();
        this.targetVocab = cfg.targetVocabSize();
    }

    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public int targetVocabSize() {
        return targetVocab;
    }

    @Override
    public State start(int[] source) {
        if (source.length == 0) {
            throw new IllegalArgumentException("start: the source is empty; attention needs at least one token");
        }
        double[] ids = new double[source.length];
        for (int j = 0; j < source.length; j++) {
            if (source[j] < 0 || source[j] >= sourceVocab) {
                throw new IllegalArgumentException("source token " + j + " must be in [0, " + sourceVocab + "), got "
                        + source[j]);
            }
            ids[j] = source[j];
        }
        AttentionDecoderVertexImpl dec = AttentionSeq2SeqGraph.decoder(graph);
        DataType dt = dec.getDataType();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Layer emb = graph.getLayer(AttentionSeq2SeqGraph.SRC_EMBEDDING);
        Layer enc = graph.getLayer(AttentionSeq2SeqGraph.ENCODER);
        emb.setMaskArray(null);
        enc.setMaskArray(null);
        INDArray x = emb.activate(Nd4j.createFromArray(ids).reshape(1, ids.length).castTo(dt), false, mgr);
        INDArray e = enc.activate(x, false, mgr);
        INDArray e3 = e.permute(0, 2, 1).castTo(dt).dup('c');
        Map<String, INDArray> p = dec.getParamTable();
        SourceMemory memory = dec.loop().memory(p, e3, null);
        return new State(memory, dec.loop().initialState(p, memory));
    }

    @Override
    public StepResult<State> step(State state, int prevToken) {
        if (prevToken < 0 || prevToken >= targetVocab) {
            throw new IllegalArgumentException("previous token must be in [0, " + targetVocab + "), got " + prevToken);
        }
        AttentionDecoderVertexImpl dec = AttentionSeq2SeqGraph.decoder(graph);
        INDArray table = graph.getLayer(AttentionSeq2SeqGraph.TGT_EMBEDDING).getParam("W");
        INDArray y = table.getRow(prevToken).reshape(1, table.size(1)).castTo(dec.getDataType()).dup('c');
        DecoderStep.Result r = dec.loop().step().forward(dec.getParamTable(), state.memory, y, state.decoder);
        double[] logits = logits(r.out()).data().asDouble();
        double[] alphas = r.alpha().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return new StepResult<>(LogSoftmax.of(logits), new State(state.memory, r.state()), alphas);
    }

    /** out [N, O] times the output layer: logits [N, V] in double. */
    private INDArray logits(INDArray out) {
        Layer o = graph.getLayer(AttentionSeq2SeqGraph.OUTPUT);
        INDArray w = o.getParam("W").castTo(DataType.DOUBLE);
        INDArray b = o.getParam("b").castTo(DataType.DOUBLE);
        return out.castTo(DataType.DOUBLE).mmul(w).addiRowVector(b.reshape(b.length())).dup('c');
    }

    /**
     * The teacher-forced forward pass of a batch built by {@link Seq2SeqArrays}: logits [B][T][V] (from the
     * decoder's outputs and the output layer) and the attention weights [B][T][S].
     */
    public TeacherForced teacherForced(MultiDataSet batch) {
        graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
        try {
            Map<String, INDArray> acts = graph.feedForward(batch.getFeatures(), false, false);
            INDArray out = acts.get(AttentionSeq2SeqGraph.DECODER);     // [B, O, T]
            int b = (int) out.size(0);
            int tt = (int) out.size(2);
            INDArray flat = out.permute(0, 2, 1).dup('c').reshape('c', (long) b * tt, out.size(1));
            double[][] l2 = logits(flat).toDoubleMatrix();
            double[][][] logits = new double[b][tt][];
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < tt; t++) {
                    logits[i][t] = l2[i * tt + t];
                }
            }
            INDArray a = AttentionSeq2SeqGraph.decoder(graph).getAttentionWeights().castTo(DataType.DOUBLE);
            double[][][] alphas = new double[b][][];
            for (int i = 0; i < b; i++) {
                alphas[i] = a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).toDoubleMatrix();
            }
            return new TeacherForced(logits, alphas);
        } finally {
            graph.clearLayerMaskArrays();
        }
    }
}
