package dev.carousel.dl4j.attention;

import java.io.File;
import java.io.IOException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A ComputationGraph whose {@link #numParams()} counts the parameters of vertices that are not layers (here the
 * {@link AttentionDecoderVertex}).
 *
 * <p>DL4J 1.0.0-M2.1's {@code ComputationGraph.numParams(boolean)} sums {@code Layer.numParams} over the graph's
 * layers only, the vertices for which {@code GraphVertex.hasLayer()} is true, while {@code init} sizes the flattened
 * parameter array (and {@code params()}, {@code setParams}, the gradient view and the updater) from every vertex's
 * configuration, {@code conf.graph.GraphVertex.numParams(true)}. A vertex with parameters that is not a layer is
 * therefore in {@code params()} but missing from {@code numParams()}, and {@code update(Gradient)} rejects the full
 * gradient. Making the decoder vertex report a layer would need a full {@code Layer} implementation that DL4J's
 * layer-only paths (TBPTT state, layer-wise pretraining, constraints) would then call, so the count is fixed here.
 * {@link AttentionSeq2SeqGraph#build} returns this class and {@link #restore} loads a saved graph as one; a plain
 * {@code new ComputationGraph(conf)} or {@code ModelSerializer.restoreComputationGraph} still undercounts.
 */
public class AttentionComputationGraph extends ComputationGraph {

    public AttentionComputationGraph(ComputationGraphConfiguration configuration) {
        super(configuration);
    }

    /** The layers' parameters plus those of every vertex that is not a layer. */
    @Override
    public long numParams(boolean backwards) {
        long n = super.numParams(backwards);
        if (getVertices() != null) {
            for (GraphVertex v : getVertices()) {
                if (!v.hasLayer()) {
                    n += v.numParams();
                }
            }
        }
        return n;
    }

    /** The same network (configuration, parameters, updater state, iteration and epoch counts) as this class. */
    public static AttentionComputationGraph of(ComputationGraph g) {
        if (g instanceof AttentionComputationGraph) {
            return (AttentionComputationGraph) g;
        }
        AttentionComputationGraph out = new AttentionComputationGraph(g.getConfiguration().clone());
        out.init(g.params().dup(), false);
        if (g.getUpdater(false) != null && g.getUpdater(false).getStateViewArray() != null) {
            INDArray state = g.getUpdater(false).getStateViewArray();
            out.getUpdater(true).getStateViewArray().assign(state);
        }
        return out;
    }

    /** {@code ModelSerializer.restoreComputationGraph(file, loadUpdater)} as an AttentionComputationGraph. */
    public static AttentionComputationGraph restore(File file, boolean loadUpdater) throws IOException {
        return of(ModelSerializer.restoreComputationGraph(file, loadUpdater));
    }
}
