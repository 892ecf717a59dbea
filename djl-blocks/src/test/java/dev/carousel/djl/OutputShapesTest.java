package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** getOutputShapes equals the shapes forward actually returns, for every block, layout and state option. */
class OutputShapesTest {

    @Test
    void declaredShapesMatchActualShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean batchFirst : new boolean[] {true, false}) {
                for (boolean returnState : new boolean[] {true, false}) {
                    Shape x = batchFirst ? new Shape(3, 7, 5) : new Shape(7, 3, 5);
                    List<Block> blocks = List.of(
                            PeepholeLSTM.builder().setStateSize(4).optBatchFirst(batchFirst)
                                    .optReturnState(returnState).build(),
                            PeepholeLSTM.builder().setStateSize(4).optPeepholes(false).optBatchFirst(batchFirst)
                                    .optReturnState(returnState).build(),
                            GRU.builder().setStateSize(4).optBatchFirst(batchFirst).optReturnState(returnState)
                                    .build(),
                            Bidirectional.builder().optReturnState(returnState).setLayerFactory(() -> GRU.builder()
                                    .setStateSize(4).optResetAfter(false).optBatchFirst(batchFirst).build()).build(),
                            RecurrentStack.builder().optReturnState(returnState)
                                    .add(PeepholeLSTM.builder().setStateSize(4).optBatchFirst(batchFirst).build())
                                    .add(Bidirectional.builder().setLayerFactory(() -> PeepholeLSTM.builder()
                                            .setStateSize(4).optBatchFirst(batchFirst).build()).build())
                                    .build());
                    for (Block b : blocks) {
                        b.initialize(m, DataType.FLOAT32, x);
                        Shape[] declared = b.getOutputShapes(new Shape[] {x});
                        NDList out = b.forward(new ParameterStore(m, false), new NDList(m.randomUniform(-1, 1, x)),
                                false);
                        String what = b.getClass().getSimpleName() + " batchFirst=" + batchFirst + " returnState="
                                + returnState;
                        assertEquals(declared.length, out.size(), what + " output count");
                        for (int k = 0; k < declared.length; k++) {
                            assertEquals(declared[k], out.get(k).getShape(), what + " output " + k);
                        }
                    }
                }
            }
        }
    }
}
