package dev.carousel.djl.attention;

import ai.djl.ndarray.NDManager;
import dev.carousel.djl.BlockFormat;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention over a masked source (equations.md section 4; Bahdanau et al. 2015, Luong et al. 2015) as a DJL block,
 * with PyTorch-engine operations only (matMul, softmax, an additive -inf mask):
 *
 * <pre>
 *   additive (Bahdanau):  score_j = v^T tanh( W_q q + b + k_j ),  k_j = W_k e_j    v [A], W_q [A, D], W_k [A, E]
 *   dot (Luong):          score_j = q^T e_j                                         (D = E)
 *   general (Luong):      score_j = q^T k_j,  k_j = W_a e_j                         W_a [D, E]
 *   alpha   = softmax_j( score_j + bias_j ),  bias_j = 0 (valid) or -inf (masked)   so alpha_j = 0 exactly if masked
 *   context = sum_j alpha_j e_j
 * </pre>
 *
 * The keys k_j are computed once per source sequence ({@link #prepare}), not once per decoder step
 * ({@link #attend}). Parameters (the reference's names): {@code w_q}, {@code w_k}, {@code b}, {@code v} (additive),
 * {@code w_a} (general), none (dot).
 *
 * <p>As a block: inputs {@code [q [B, Tq, D], e [B, S, E], source]} with {@code source} the lengths (rank 1, int32
 * or int64, each in [1, S]) or a 0/1 mask [B, S] with at least one 1 per row; outputs
 * {@code [context [B, Tq, E], alphas [B, Tq, S]]}.
 */
public final class AttentionBlock extends AbstractBlock {
    private static final byte VERSION = BlockFormat.VERSION;

    private final ScoreType scoreType;
    private final int querySize;
    private final int encoderSize;
    private final int attentionSize;
    private final Parameter wQ;
    private final Parameter wK;
    private final Parameter b;
    private final Parameter v;
    private final Parameter wA;

    /**
     * @param scoreType     additive, dot or general
     * @param querySize     D
     * @param encoderSize   E (must equal D for dot)
     * @param attentionSize A (additive only; ignored otherwise)
     */
    public AttentionBlock(ScoreType scoreType, int querySize, int encoderSize, int attentionSize) {
        super(VERSION);
        if (scoreType == null) {
            throw new IllegalArgumentException("AttentionBlock: the score type is required (ADDITIVE, DOT, GENERAL)");
        }
        if (querySize <= 0 || encoderSize <= 0 || (scoreType == ScoreType.ADDITIVE && attentionSize <= 0)) {
            throw new IllegalArgumentException("AttentionBlock: sizes must be positive, got D=" + querySize + " E="
                    + encoderSize + " A=" + attentionSize);
        }
        if (scoreType == ScoreType.DOT && querySize != encoderSize) {
            throw new IllegalArgumentException("dot attention needs query size D == encoder output size E, got D="
                    + querySize + " E=" + encoderSize + " (use general or additive attention instead)");
        }
        this.scoreType = scoreType;
        this.querySize = querySize;
        this.encoderSize = encoderSize;
        this.attentionSize = scoreType == ScoreType.ADDITIVE ? attentionSize : 0;
        if (scoreType == ScoreType.ADDITIVE) {
            wQ = addParameter(weight("w_q", new Shape(attentionSize, querySize)));
            wK = addParameter(weight("w_k", new Shape(attentionSize, encoderSize)));
            b = addParameter(Parameter.builder().setName("b").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(attentionSize)).build());
            v = addParameter(Parameter.builder().setName("v").setType(Parameter.Type.OTHER)
                    .optInitializer(new UniformInitializer((float) (1.0 / Math.sqrt(attentionSize))))
                    .optShape(new Shape(attentionSize)).build());
            wA = null;
        } else if (scoreType == ScoreType.GENERAL) {
            wA = addParameter(weight("w_a", new Shape(querySize, encoderSize)));
            wQ = null;
            wK = null;
            b = null;
            v = null;
        } else {
            wQ = null;
            wK = null;
            b = null;
            v = null;
            wA = null;
        }
    }

    private static Parameter weight(String name, Shape shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).build();
    }

    public ScoreType getScoreType() {
        return scoreType;
    }

    /** D. */
    public int getQuerySize() {
        return querySize;
    }

    /** E. */
    public int getEncoderSize() {
        return encoderSize;
    }

    /** A (0 unless additive). */
    public int getAttentionSize() {
        return attentionSize;
    }

    /**
     * Prepares a batch of sources: validates the mask, computes the keys once and the -inf score bias.
     *
     * @param ps       the parameter store
     * @param e        encoder outputs [B, S, E]
     * @param source   lengths [B] (rank 1) or a 0/1 mask [B, S]
     * @param training whether gradients are recorded
     */
    public AttentionKeys prepare(ParameterStore ps, NDArray e, NDArray source, boolean training) {
        return prepare(ps, e, validity(e, source), training);
    }

    /** {@link #prepare(ParameterStore, NDArray, NDArray, boolean)} with the source lengths on the host. */
    public AttentionKeys prepare(ParameterStore ps, NDArray e, int[] lengths, boolean training) {
        Shape s = checkEncoderOutputs(e);
        int batch = (int) s.get(0);
        int len = (int) s.get(1);
        if (lengths == null || lengths.length != batch) {
            throw new IllegalArgumentException("attention: expected " + batch + " source lengths, got "
                    + (lengths == null ? "null" : lengths.length));
        }
        boolean[][] valid = new boolean[batch][len];
        for (int i = 0; i < batch; i++) {
            if (lengths[i] < 1 || lengths[i] > len) {
                throw new IllegalArgumentException("attention: source length [" + i + "] must be in [1, " + len
                        + "] (a fully masked source has nothing to attend to), got " + lengths[i]);
            }
            for (int j = 0; j < lengths[i]; j++) {
                valid[i][j] = true;
            }
        }
        return prepare(ps, e, valid, training);
    }

    private AttentionKeys prepare(ParameterStore ps, NDArray e, boolean[][] valid, boolean training) {
        Device device = e.getDevice();
        int batch = valid.length;
        int len = (int) e.getShape().get(1);
        double[] bias = new double[batch * len];
        int[] counts = new int[batch];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < len; j++) {
                if (valid[i][j]) {
                    counts[i]++;
                } else {
                    bias[i * len + j] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        NDArray scoreBias = e.getManager().create(bias, new Shape(batch, len)).toType(e.getDataType(), true);
        switch (scoreType) {
            case ADDITIVE: {
                NDArray keys = Linear.linear(e, ps.getValue(wK, device, training)).head();
                NDArray vCol = ps.getValue(v, device, training).reshape(attentionSize, 1);
                vCol.attach(e.getManager());
                return new AttentionKeys(e, keys, scoreBias, ps.getValue(wQ, device, training),
                        ps.getValue(b, device, training), vCol, counts);
            }
            case GENERAL: {
                NDArray keys = Linear.linear(e, ps.getValue(wA, device, training)).head().transpose(0, 2, 1);
                return new AttentionKeys(e, keys, scoreBias, null, null, null, counts);
            }
            default:
                return new AttentionKeys(e, e.transpose(0, 2, 1), scoreBias, null, null, null, counts);
        }
    }

    /**
     * One read with query q [B, D] against prepared keys.
     *
     * @return context [B, E] and alphas [B, S]
     */
    public AttentionRead attend(AttentionKeys keys, NDArray q) {
        Shape qs = q.getShape();
        if (qs.dimension() != 2 || qs.get(0) != keys.batch || qs.get(1) != querySize) {
            throw new IllegalArgumentException("attention query: expected shape (" + keys.batch + ", " + querySize
                    + ") [B, D], got " + qs);
        }
        NDArray scores;
        if (scoreType == ScoreType.ADDITIVE) {
            NDArray u = Linear.linear(q, keys.queryWeight, keys.queryBias).head();          // [B, A]
            NDArray t = keys.keys.add(u.expandDims(1)).tanh();                              // [B, S, A]
            scores = t.matMul(keys.vColumn).reshape(keys.batch, keys.sourceLength);        // [B, S]
        } else {
            scores = q.expandDims(1).matMul(keys.keys).reshape(keys.batch, keys.sourceLength);
        }
        NDArray alphas = scores.add(keys.scoreBias).softmax(1);
        NDArray context = alphas.expandDims(1).matMul(keys.encoderOutputs).reshape(keys.batch, encoderSize);
        return new AttentionRead(context, alphas);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs == null || inputs.size() != 3) {
            throw new IllegalArgumentException("AttentionBlock: expected inputs [q [B, Tq, D], e [B, S, E], lengths [B]"
                    + " or mask [B, S]], got " + (inputs == null ? "none" : inputs.size() + " arrays"));
        }
        NDArray q = inputs.get(0);
        NDArray e = inputs.get(1);
        Shape es = checkEncoderOutputs(e);
        Shape qs = q.getShape();
        if (qs.dimension() != 3 || qs.get(0) != es.get(0) || qs.get(2) != querySize) {
            throw new IllegalArgumentException("AttentionBlock: expected queries of shape (" + es.get(0) + ", Tq, "
                    + querySize + ") [B, Tq, D], got " + qs);
        }
        if (q.getDataType() != e.getDataType()) {
            throw new IllegalArgumentException("AttentionBlock: queries are " + q.getDataType()
                    + " but encoder outputs are " + e.getDataType());
        }
        AttentionKeys keys = prepare(ps, e, inputs.get(2), training);
        int tq = (int) qs.get(1);
        if (tq == 0) {
            return new NDList(e.getManager().zeros(new Shape(es.get(0), 0, encoderSize), e.getDataType()),
                    e.getManager().zeros(new Shape(es.get(0), 0, es.get(1)), e.getDataType()));
        }
        NDList steps = q.split(tq, 1);
        List<NDArray> contexts = new ArrayList<>(tq);
        List<NDArray> alphas = new ArrayList<>(tq);
        for (int t = 0; t < tq; t++) {
            AttentionRead r = attend(keys, steps.get(t).squeeze(1));
            contexts.add(r.context());
            alphas.add(r.alphas());
        }
        return new NDList(NDArrays.stack(new NDList(contexts), 1), NDArrays.stack(new NDList(alphas), 1));
    }

    private Shape checkEncoderOutputs(NDArray e) {
        Shape s = e.getShape();
        if (s.dimension() != 3 || s.get(2) != encoderSize || s.get(1) < 1) {
            throw new IllegalArgumentException("attention: expected encoder outputs of shape (B, S >= 1, "
                    + encoderSize + ") [B, S, E], got " + s);
        }
        if (!e.getDataType().isFloating()) {
            throw new IllegalArgumentException("attention: expected floating-point encoder outputs, got "
                    + e.getDataType());
        }
        DataType pt = parameterType();
        if (pt != null && pt != e.getDataType()) {
            throw new IllegalArgumentException("attention: encoder outputs are " + e.getDataType()
                    + " but the parameters are " + pt);
        }
        return s;
    }

    private DataType parameterType() {
        for (Parameter p : getDirectParameters().values()) {
            return p.isInitialized() ? p.getArray().getDataType() : null;
        }
        return null;
    }

    /** The 0/1 validity of every source position from lengths [B] or a 0/1 mask [B, S], checked. */
    private static boolean[][] validity(NDArray e, NDArray source) {
        int batch = (int) e.getShape().get(0);
        int len = (int) e.getShape().get(1);
        if (source == null) {
            throw new IllegalArgumentException("attention: expected source lengths [B] or a mask [B, S], got null");
        }
        Shape s = source.getShape();
        boolean[][] valid = new boolean[batch][len];
        if (s.dimension() == 1) {
            DataType t = source.getDataType();
            if (t != DataType.INT32 && t != DataType.INT64) {
                throw new IllegalArgumentException("attention: expected source lengths of type int32 or int64, got "
                        + t);
            }
            if (s.get(0) != batch) {
                throw new IllegalArgumentException("attention: expected " + batch + " source lengths, got " + s.get(0));
            }
            long[] l = source.toType(DataType.INT64, false).toLongArray();
            for (int i = 0; i < batch; i++) {
                if (l[i] < 1 || l[i] > len) {
                    throw new IllegalArgumentException("attention: source length [" + i + "] must be in [1, " + len
                            + "] (a fully masked source has nothing to attend to), got " + l[i]);
                }
                for (int j = 0; j < l[i]; j++) {
                    valid[i][j] = true;
                }
            }
            return valid;
        }
        if (!s.equals(new Shape(batch, len))) {
            throw new IllegalArgumentException("attention: expected source mask of shape (" + batch + ", " + len
                    + ") [B, S] or lengths [B], got " + s);
        }
        double[] m = source.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < batch; i++) {
            boolean any = false;
            for (int j = 0; j < len; j++) {
                double x = m[i * len + j];
                if (x != 0.0 && x != 1.0) {
                    throw new IllegalArgumentException("attention: source mask [" + i + "][" + j
                            + "] must be 0 or 1, got " + x);
                }
                valid[i][j] = x == 1.0;
                any |= valid[i][j];
            }
            if (!any) {
                throw new IllegalArgumentException("attention: source " + i + " is fully masked; attention needs at"
                        + " least one valid position");
            }
        }
        return valid;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape q = inputShapes[0];
        Shape e = inputShapes[1];
        return new Shape[] {new Shape(q.get(0), q.get(1), encoderSize), new Shape(q.get(0), q.get(1), e.get(1))};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        BlockFormat.writeHeader(os, "AttentionBlock");
        saveInputShapes(os);
        os.writeUTF(scoreType.name());
        os.writeInt(querySize);
        os.writeInt(encoderSize);
        os.writeInt(attentionSize);
    }

    /** Loads through the bounded reader of {@link BlockFormat} (format 2, or the untagged format 1). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.loadParameters(this, "AttentionBlock", manager, is, v -> loadMetadata(v, is));
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.readHeader(is, loadVersion, "AttentionBlock");
        Shape[] shapes = BlockFormat.readInputShapes(is, "AttentionBlock");
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        String type = is.readUTF();
        int d = is.readInt();
        int en = is.readInt();
        int a = is.readInt();
        if (!type.equals(scoreType.name()) || d != querySize || en != encoderSize || a != attentionSize) {
            throw new MalformedModelException("AttentionBlock: saved " + type + " D=" + d + " E=" + en + " A=" + a
                    + ", this block is " + scoreType + " D=" + querySize + " E=" + encoderSize + " A="
                    + attentionSize);
        }
    }
}
