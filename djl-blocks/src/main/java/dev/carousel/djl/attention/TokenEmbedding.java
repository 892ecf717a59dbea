package dev.carousel.djl.attention;

import ai.djl.ndarray.NDManager;
import dev.carousel.djl.BlockFormat;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A token embedding table: {@code x[..., :] = table[token[...], :]}, parameter {@code table} [V, M] (row = token id),
 * initialised N(0, 1) like PyTorch's nn.Embedding. Input: integer token ids of any shape, each in [0, V) (checked);
 * output: the ids' shape plus M.
 */
public final class TokenEmbedding extends AbstractBlock {
    private static final byte VERSION = BlockFormat.VERSION;

    private final String what;
    private final int vocabSize;
    private final int embeddingSize;
    private final Parameter table;

    /**
     * @param what          a name for messages (e.g. "src_embedding")
     * @param vocabSize     V
     * @param embeddingSize M
     */
    public TokenEmbedding(String what, int vocabSize, int embeddingSize) {
        super(VERSION);
        if (vocabSize <= 0 || embeddingSize <= 0) {
            throw new IllegalArgumentException(what + ": sizes must be positive, got V=" + vocabSize + " M="
                    + embeddingSize);
        }
        this.what = what;
        this.vocabSize = vocabSize;
        this.embeddingSize = embeddingSize;
        table = addParameter(Parameter.builder().setName("table").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(1.0f)).optShape(new Shape(vocabSize, embeddingSize)).build());
    }

    public int getVocabSize() {
        return vocabSize;
    }

    public int getEmbeddingSize() {
        return embeddingSize;
    }

    /** The table parameter [V, M]. */
    public Parameter getTable() {
        return table;
    }

    /** Looks the (checked) ids up. */
    public NDArray embed(ParameterStore ps, NDArray tokens, boolean training) {
        checkTokens(tokens);
        NDArray ids = tokens.getDataType() == DataType.INT64 ? tokens : tokens.toType(DataType.INT64, false);
        return Embedding.embedding(ids, ps.getValue(table, tokens.getDevice(), training), SparseFormat.DENSE).head();
    }

    private void checkTokens(NDArray tokens) {
        DataType t = tokens.getDataType();
        if (t != DataType.INT32 && t != DataType.INT64) {
            throw new IllegalArgumentException(what + ": expected integer token ids (int32 or int64), got " + t);
        }
        if (tokens.getShape().size() == 0) {
            return;
        }
        long[] ids = tokens.toType(DataType.INT64, false).toLongArray();
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] < 0 || ids[k] >= vocabSize) {
                throw new IllegalArgumentException(what + ": token ids must be in [0, " + vocabSize + "), got "
                        + ids[k] + " at flat position " + k + " of shape " + tokens.getShape());
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(embed(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(embeddingSize)};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        BlockFormat.writeHeader(os, "TokenEmbedding");
        saveInputShapes(os);
        os.writeInt(vocabSize);
        os.writeInt(embeddingSize);
    }

    /** Loads through the bounded reader of {@link BlockFormat} (format 2, or the untagged format 1). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.loadParameters(this, "TokenEmbedding", manager, is, v -> loadMetadata(v, is));
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.readHeader(is, loadVersion, "TokenEmbedding");
        Shape[] shapes = BlockFormat.readInputShapes(is, "TokenEmbedding");
        if (inputShapes == null) {
            inputShapes = shapes;
        }
        int v = is.readInt();
        int m = is.readInt();
        if (v != vocabSize || m != embeddingSize) {
            throw new MalformedModelException(what + ": saved V=" + v + " M=" + m + ", this block has V=" + vocabSize
                    + " M=" + embeddingSize);
        }
    }
}
