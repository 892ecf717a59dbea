package dev.carousel.dl4j.attention;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attention decoder vertex inside a ComputationGraph (configuration: {@link AttentionDecoderVertex}). Forward and
 * backward are the hand-written passes of {@link AttentionDecoderLoop}; everything runs outside DL4J's workspaces on
 * detached arrays (the teacher-forced pass is kept for the backward of the same iteration), and only the output and
 * the epsilons are copied into the workspaces DL4J expects. Parameter gradients are written into the vertex's
 * gradient view (summed over the minibatch, as DL4J's updaters expect).
 */
public class AttentionDecoderVertexImpl extends BaseGraphVertex {
    private final AttentionDecoderVertex conf;
    private final INDArray params;
    private final Map<String, INDArray> paramTable;
    private final AttentionDecoderLoop loop;
    private INDArray gradientView;
    private Map<String, INDArray> gradientTable;
    private INDArray[] maskArrays;
    private AttentionDecoderLoop.Pass lastPass;
    private INDArray lastIn0;
    private INDArray lastIn1;
    /** Copies of the inputs, masks and parameters {@link #lastPass} was computed from (detached). */
    private INDArray[] lastValues;
    private INDArray lastAlphas;

    public AttentionDecoderVertexImpl(ComputationGraph graph, String name, int idx, AttentionDecoderVertex conf,
                                      INDArray paramsView, boolean initializeParams, DataType dataType) {
        super(graph, name, idx, null, null, dataType);
        this.conf = conf;
        this.params = paramsView;
        this.paramTable = AttentionDecoderParams.slice(conf, paramsView);
        if (initializeParams) {
            AttentionDecoderParams.initialize(conf, paramTable);
        }
        this.loop = new AttentionDecoderLoop(conf);
    }

    public AttentionDecoderVertex getVertexConf() {
        return conf;
    }

    AttentionDecoderLoop loop() {
        return loop;
    }

    /** The parameters under their {@link AttentionDecoderParams} names (views). */
    public Map<String, INDArray> getParamTable() {
        return paramTable;
    }

    /** The gradient views under the parameter names (filled by the last backward pass). */
    public Map<String, INDArray> getGradientTable() {
        return gradientTable;
    }

    /**
     * The attention weights alpha of the last forward pass, [B, T, S] (a copy): row (b, t) sums to 1 over the valid
     * source positions and is 0 at masked source positions and masked target steps. Null before the first pass.
     */
    public INDArray getAttentionWeights() {
        return lastAlphas == null ? null : lastAlphas.dup();
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public String toString() {
        return "AttentionDecoderVertexImpl(" + vertexName + ", " + conf + ")";
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("AttentionDecoderVertex '" + vertexName + "': inputs not set");
        }
        AttentionDecoderLoop.Pass pass;
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            pass = run(inputs[0], inputs[1]);
            out = pass.out().permute(0, 2, 1).dup('c');
            lastAlphas = pass.alphas();
            if (training) {
                lastPass = pass;
                lastIn0 = inputs[0];
                lastIn1 = inputs[1];
                lastValues = currentValues(true);
            } else {
                clearPass();
            }
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out);
    }

    private AttentionDecoderLoop.Pass run(INDArray enc, INDArray dec) {
        check(enc, "encoder outputs", conf.getEncoderSize(), "E");
        check(dec, "embedded decoder inputs", conf.getEmbeddingSize(), "M");
        if (enc.size(0) != dec.size(0)) {
            throw new DL4JInvalidInputException(who() + ": encoder outputs have minibatch " + enc.size(0)
                    + " but decoder inputs " + dec.size(0));
        }
        INDArray srcMask = mask(0, enc.size(0), enc.size(2), "source");
        INDArray tgtMask = mask(1, dec.size(0), dec.size(2), "target");
        INDArray e3 = enc.permute(0, 2, 1).castTo(dataType).dup('c');
        INDArray y3 = dec.permute(0, 2, 1).castTo(dataType).dup('c');
        try {
            return loop.forward(paramTable, e3, srcMask, y3, tgtMask);
        } catch (IllegalArgumentException ex) {
            throw new DL4JInvalidInputException(who() + ": " + ex.getMessage(), ex);
        }
    }

    private INDArray mask(int k, long batch, long time, String what) {
        if (maskArrays == null || graph.getInputMaskArrays() == null || maskArrays[k] == null) {
            return null;
        }
        INDArray m = maskArrays[k];
        if (m.rank() != 2 || m.size(0) != batch || m.size(1) != time) {
            throw new DL4JInvalidInputException(who() + ": expected " + what + " mask [minibatch=" + batch
                    + ", time=" + time + "], got " + Arrays.toString(m.shape()));
        }
        return m.castTo(dataType).dup('c');
    }

    private void check(INDArray a, String what, long size, String name) {
        if (a.rank() != 3 || a.size(1) != size) {
            throw new DL4JInvalidInputException(who() + ": expected " + what + " [minibatch, " + name + "=" + size
                    + ", time] (NCW), got shape " + Arrays.toString(a.shape()));
        }
    }

    private String who() {
        return "AttentionDecoderVertex '" + vertexName + "'";
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (tbptt) {
            throw new UnsupportedOperationException(who() + ": truncated BPTT is not supported (the decoder attends "
                    + "over the whole source)");
        }
        INDArray[] d;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            AttentionDecoderLoop.Pass pass = lastPass;
            if (pass == null || lastIn0 != inputs[0] || lastIn1 != inputs[1] || !lastPassIsCurrent()) {
                pass = run(inputs[0], inputs[1]);   // the inputs, masks or parameters changed since the forward pass
            }
            clearPass();
            INDArray dOut = epsilon.permute(0, 2, 1).castTo(dataType).dup('c');
            gradientView.assign(0);
            d = loop.backward(paramTable, pass, dOut, gradientTable);
            d[0] = d[0].permute(0, 2, 1).dup('c');
            d[1] = d[1].permute(0, 2, 1).dup('c');
        }
        Gradient g = new DefaultGradient(gradientView);
        for (Map.Entry<String, INDArray> en : gradientTable.entrySet()) {
            g.gradientForVariable().put(en.getKey(), en.getValue());
        }
        INDArray[] eps = {workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, d[0]),
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, d[1])};
        return new Pair<>(g, eps);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray view) {
        this.gradientView = view;
        this.gradientTable = AttentionDecoderParams.slice(conf, view);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatchSize) {
        this.maskArrays = masks;
        INDArray out = masks == null ? null : masks[1];
        return new Pair<>(out, out == null ? null : MaskState.Active);
    }

    @Override
    public void clearVertex() {
        clear();
    }

    @Override
    public void clear() {
        super.clear();
        clearPass();
    }

    private void clearPass() {
        lastPass = null;
        lastIn0 = null;
        lastIn1 = null;
        lastValues = null;
    }

    /** The inputs, the masks and the parameters, copied ({@code copy}) or as they are. */
    private INDArray[] currentValues(boolean copy) {
        INDArray m0 = maskArrays == null ? null : maskArrays[0];
        INDArray m1 = maskArrays == null || maskArrays.length < 2 ? null : maskArrays[1];
        INDArray[] v = {inputs[0], inputs[1], m0, m1, params};
        if (copy) {
            for (int k = 0; k < v.length; k++) {
                v[k] = v[k] == null ? null : v[k].dup();
            }
        }
        return v;
    }

    /**
     * Whether the training pass kept by the forward pass still belongs to the current inputs, masks and parameters
     * (the same objects may have changed in place since: setParams, an in-place update of the input). One exact
     * comparison per array, far cheaper than the pass it saves.
     */
    private boolean lastPassIsCurrent() {
        if (lastValues == null) {
            return false;
        }
        INDArray[] now = currentValues(false);
        for (int k = 0; k < now.length; k++) {
            INDArray a = lastValues[k];
            INDArray b = now[k];
            if (a == null || b == null) {
                if (a != b) {
                    return false;
                }
            } else if (!Arrays.equals(a.shape(), b.shape()) || a.dataType() != b.dataType() || a.neq(b).any()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropOnly) {
        return paramTable;
    }

    @Override
    public TrainingConfig getConfig() {
        return conf;
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public long numParams() {
        return params == null ? 0 : params.length();
    }

    @Override
    public INDArray getGradientsViewArray() {
        return gradientView;
    }
}
