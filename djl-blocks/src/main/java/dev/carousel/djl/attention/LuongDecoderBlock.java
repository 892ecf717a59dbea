package dev.carousel.djl.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;

/**
 * The Luong decoder step with input feeding (equations.md section 5): attention reads with the NEW state,
 *
 * <pre>
 *   s_t   = cell( [ y_{t-1} ; h~_{t-1} ], s_{t-1} )     (cell input M + H_dec; h~_0 = 0)
 *   a_t   = attend( h(s_t), e )
 *   h~_t  = tanh( W_c [ a_t ; h(s_t) ] )                (W_c [H_dec, E + H_dec], no bias)
 *   out_t = h~_t
 * </pre>
 *
 * Parameters: the cell's (see {@link AttentionDecoderBlock}) and {@code w_c} [H_dec, E + H_dec].
 */
public final class LuongDecoderBlock extends AttentionDecoderBlock {
    private final Parameter wC;

    /**
     * @param cellType      the decoder cell
     * @param embeddingSize M
     * @param encoderSize   E
     * @param hiddenSize    H_dec
     * @param attention     the attention (query size H_dec, encoder size E)
     */
    public LuongDecoderBlock(CellType cellType, int embeddingSize, int encoderSize, int hiddenSize,
                             AttentionBlock attention) {
        super(cellType, embeddingSize, encoderSize, hiddenSize, hiddenSize, attention);
        wC = addParameter(Parameter.builder().setName("w_c").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(hiddenSize, encoderSize + hiddenSize)).build());
    }

    @Override
    public int outputSize() {
        return hiddenSize;
    }

    @Override
    public int feedSize() {
        return hiddenSize;
    }

    @Override
    public Bound bind(ParameterStore ps, AttentionKeys keys, boolean training, NDManager manager) {
        CellBinding binding = bindCell(ps, keys.encoderOutputs().getDevice(), training, manager);
        NDArray wc = ps.getValue(wC, keys.encoderOutputs().getDevice(), training);
        return new Bound(binding, keys) {
            @Override
            public NDArray initialFeed() {
                NDArray e = keys.encoderOutputs();
                return e.getManager().zeros(new Shape(keys.batchSize(), hiddenSize), e.getDataType());
            }

            @Override
            public DecoderStepOutput step(NDArray yPart, NDArray[] state, NDArray feed) {
                NDArray part = yPart.add(Linear.linear(feed, binding.wZ()).head());
                NDArray[] next = binding.cell().step(part, state);
                AttentionRead read = attention.attend(keys, next[0]);
                NDArray hTilde = Linear.linear(NDArrays.concat(new NDList(read.context(), next[0]), 1), wc).head()
                        .tanh();
                return new DecoderStepOutput(hTilde, next, hTilde, read.alphas());
            }
        };
    }
}
