package dev.carousel.onnx.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.carousel.djl.Bidirectional;
import dev.carousel.djl.GRU;
import dev.carousel.djl.PeepholeLSTM;
import dev.carousel.djl.SequenceLayer;
import dev.carousel.onnx.Direction;
import dev.carousel.onnx.OnnxRecurrentExport;
import dev.carousel.onnx.OnnxRecurrentNode;
import dev.carousel.spec.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * ONNX to and from Carousel's DJL blocks in one line each (needs {@code djl-blocks} on the class path; it is an
 * optional dependency of carousel-onnx). The weights move through the blocks' interchange-weight accessors.
 *
 * <pre>
 *   OnnxRecurrentNode node = OnnxRecurrentImport.read(Path.of("model.onnx"));
 *   SequenceLayer block = OnnxDjl.block(node, true);          // batch-first, returns [y, h_n(, c_n)]
 *   OnnxDjl.setWeights(block, manager, node);                 // initialises it in the node's dtype
 *   OnnxDjl.export(block, Path.of("out.onnx"));
 * </pre>
 *
 * A {@code reverse} node is refused (DJL blocks run forward or bidirectional).
 */
public final class OnnxDjl {
    private OnnxDjl() {
    }

    /**
     * A {@link PeepholeLSTM} or {@link GRU} (a {@link Bidirectional} of two for a bidirectional node) computing the
     * node, returning its final states.
     *
     * @param batchFirst x [B, T, I] when true, [T, B, I] when false
     */
    public static SequenceLayer block(OnnxRecurrentNode node, boolean batchFirst) {
        if (node.direction() == Direction.REVERSE) {
            throw new IllegalArgumentException(node.describe() + ": a reverse node has no DJL block; reverse each "
                    + "sequence within its length and use the forward weights node.weights(0)");
        }
        if (node.direction() == Direction.BIDIRECTIONAL) {
            return Bidirectional.builder().setLayerFactory(() -> single(node, batchFirst)).optReturnState(true)
                    .build();
        }
        return single(node, batchFirst);
    }

    private static SequenceLayer single(OnnxRecurrentNode node, boolean batchFirst) {
        if (node.lstmSpec() != null) {
            return PeepholeLSTM.builder().fromSpec(node.lstmSpec()).optBatchFirst(batchFirst).optReturnState(true)
                    .build();
        }
        return GRU.builder().fromSpec(node.gruSpec()).optBatchFirst(batchFirst).optReturnState(true).build();
    }

    /**
     * Sets the node's weights into a block from {@link #block}, initialising it (in the node's dtype) when needed.
     *
     * @throws IllegalArgumentException when the block does not match the node
     */
    public static void setWeights(SequenceLayer block, NDManager manager, OnnxRecurrentNode node) {
        DataType dt = node.dtype() == DType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        if (block instanceof Bidirectional bi) {
            if (node.direction() != Direction.BIDIRECTIONAL) {
                throw new IllegalArgumentException(node.describe() + ": the block is bidirectional, the node is not");
            }
            set(bi.getForwardLayer(), manager, dt, node, 0);
            set(bi.getBackwardLayer(), manager, dt, node, 1);
        } else {
            if (node.direction() != Direction.FORWARD) {
                throw new IllegalArgumentException(node.describe() + ": the block is unidirectional, the node is "
                        + node.direction().key());
            }
            set(block, manager, dt, node, 0);
        }
    }

    private static void set(SequenceLayer b, NDManager manager, DataType dt, OnnxRecurrentNode node, int d) {
        if (b instanceof PeepholeLSTM l && node.lstmSpec() != null) {
            l.setInterchangeWeights(manager, dt, node.weights(d));
            check(l.spec(node.inputSize()).equals(node.lstmSpec()), node, l.spec(node.inputSize()));
        } else if (b instanceof GRU g && node.gruSpec() != null) {
            g.setInterchangeWeights(manager, dt, node.weights(d));
            check(g.spec(node.inputSize()).equals(node.gruSpec()), node, g.spec(node.inputSize()));
        } else {
            throw new IllegalArgumentException(node.describe() + ": expected a Carousel "
                    + (node.lstmSpec() != null ? "PeepholeLSTM" : "GRU") + " block, got "
                    + b.getClass().getSimpleName());
        }
    }

    private static void check(boolean ok, OnnxRecurrentNode node, Object blockSpec) {
        if (!ok) {
            throw new IllegalArgumentException(node.describe() + ": the block computes " + blockSpec + ", the node "
                    + (node.lstmSpec() != null ? node.lstmSpec() : node.gruSpec()));
        }
    }

    /**
     * Writes an initialised PeepholeLSTM/GRU block (or a Bidirectional of them) as an ONNX model, in the block's
     * data type, layout 0, with sequence_lens and initial-state graph inputs.
     */
    public static void export(SequenceLayer block, Path file) throws IOException {
        var inputs = EnumSet.allOf(OnnxRecurrentExport.OptionalInput.class);
        if (block instanceof Bidirectional bi) {
            write(file, bi.getForwardLayer(), Direction.BIDIRECTIONAL,
                    List.of(weights(bi.getForwardLayer()), weights(bi.getBackwardLayer())), inputs);
        } else {
            write(file, block, Direction.FORWARD, List.of(weights(block)), inputs);
        }
    }

    private static void write(Path file, SequenceLayer b, Direction dir, List<Map<String, double[]>> w,
                              EnumSet<OnnxRecurrentExport.OptionalInput> inputs) throws IOException {
        int nIn = (int) ((dev.carousel.djl.RecurrentLayerBlock) b).getInputSize();
        DType dtype = ((dev.carousel.djl.RecurrentLayerBlock) b).getDataType() == DataType.FLOAT64 ? DType.FLOAT64
                : DType.FLOAT32;
        if (b instanceof PeepholeLSTM l) {
            OnnxRecurrentExport.write(file, l.spec(nIn), dir, w, dtype, 0, inputs);
        } else {
            OnnxRecurrentExport.write(file, ((GRU) b).spec(nIn), dir, w, dtype, 0, inputs);
        }
    }

    private static Map<String, double[]> weights(SequenceLayer b) {
        if (b instanceof PeepholeLSTM l) {
            return l.getInterchangeWeights();
        }
        if (b instanceof GRU g) {
            return g.getInterchangeWeights();
        }
        throw new IllegalArgumentException("ONNX export: expected a Carousel PeepholeLSTM or GRU block, got "
                + b.getClass().getSimpleName());
    }
}
