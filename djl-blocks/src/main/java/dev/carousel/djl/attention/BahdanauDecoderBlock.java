package dev.carousel.djl.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;

/**
 * The Bahdanau decoder step (equations.md section 5): attention reads with the PREVIOUS state,
 *
 * <pre>
 *   a_t   = attend( h(s_{t-1}), e )
 *   s_t   = cell( [ y_{t-1} ; a_t ], s_{t-1} )      (cell input M + E)
 *   out_t = [ h(s_t) ; a_t ]                        (size H_dec + E)
 * </pre>
 *
 * Parameters: the cell's only (see {@link AttentionDecoderBlock}).
 */
public final class BahdanauDecoderBlock extends AttentionDecoderBlock {

    /**
     * @param cellType      the decoder cell
     * @param embeddingSize M
     * @param encoderSize   E
     * @param hiddenSize    H_dec
     * @param attention     the attention (query size H_dec, encoder size E)
     */
    public BahdanauDecoderBlock(CellType cellType, int embeddingSize, int encoderSize, int hiddenSize,
                                AttentionBlock attention) {
        super(cellType, embeddingSize, encoderSize, hiddenSize, encoderSize, attention);
    }

    @Override
    public int outputSize() {
        return hiddenSize + encoderSize;
    }

    @Override
    public int feedSize() {
        return 0;
    }

    @Override
    public Bound bind(ParameterStore ps, AttentionKeys keys, boolean training, NDManager manager) {
        CellBinding binding = bindCell(ps, keys.encoderOutputs().getDevice(), training, manager);
        return new Bound(binding, keys) {
            @Override
            public NDArray initialFeed() {
                return null;
            }

            @Override
            public DecoderStepOutput step(NDArray yPart, NDArray[] state, NDArray feed) {
                AttentionRead read = attention.attend(keys, state[0]);
                NDArray part = yPart.add(Linear.linear(read.context(), binding.wZ()).head());
                NDArray[] next = binding.cell().step(part, state);
                NDArray out = NDArrays.concat(new NDList(next[0], read.context()), 1);
                return new DecoderStepOutput(out, next, null, read.alphas());
            }
        };
    }
}
