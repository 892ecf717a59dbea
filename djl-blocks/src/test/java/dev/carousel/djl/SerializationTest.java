package dev.carousel.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.Activation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** saveParameters/loadParameters and Model.save/Model.load give identical outputs; a mismatched block is refused. */
class SerializationTest {
    private static final Shape X = new Shape(3, 6, 4);

    private static Supplier<Block> model() {
        return () -> RecurrentStack.builder()
                .add(Bidirectional.builder().setLayerFactory(() -> GRU.builder().setStateSize(5)
                        .optResetAfter(false).build()).build())
                .add(PeepholeLSTM.builder().setStateSize(4).optCoupledInputForget(true)
                        .optCellActivation(Activation.SQUASH_G1997).build())
                .build();
    }

    @Test
    void parameterStreamRoundTrip() throws IOException, MalformedModelException {
        for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block a = model().get();
                a.initialize(m, dtype, X, new Shape(3));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                a.saveParameters(new DataOutputStream(bytes));
                Block b = model().get();
                b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                NDArray x = m.randomUniform(-1, 1, X).toType(dtype, false);
                NDArray lengths = m.create(new int[] {6, 2, 4});
                assertArrayEquals(run(a, m, x, lengths), run(b, m, x, lengths), dtype.toString());
            }
        }
    }

    @Test
    void modelSaveAndLoad(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException, MalformedModelException {
        try (NDManager m = NDManager.newBaseManager();
             Model saved = Model.newInstance("carousel");
             Model loaded = Model.newInstance("carousel")) {
            Block block = PeepholeLSTM.builder().setStateSize(5).optReturnState(true).build();
            saved.setBlock(block);
            block.initialize(saved.getNDManager(), DataType.FLOAT32, X);
            saved.save(dir, "carousel");
            assertTrue(Files.exists(dir.resolve("carousel-0000.params")));
            loaded.setBlock(PeepholeLSTM.builder().setStateSize(5).optReturnState(true).build());
            loaded.load(dir, "carousel");
            NDArray x = m.randomUniform(-1, 1, X);
            NDList a = saved.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            NDList b = loaded.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), "output " + k);
            }
            // a block with other flags refuses the file, naming both configurations
            Model wrong = Model.newInstance("carousel");
            wrong.setBlock(PeepholeLSTM.builder().setStateSize(5).optPeepholes(false).build());
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> wrong.load(dir,
                    "carousel"));
            assertTrue(e.getMessage().contains("peepholes=true") && e.getMessage().contains("peepholes=false"),
                    e.getMessage());
            wrong.close();
        }
    }

    private static float[] run(Block block, NDManager m, NDArray x, NDArray lengths) {
        NDArray y = block.forward(new ParameterStore(m, false), new NDList(x, lengths), false).head();
        return y.toType(DataType.FLOAT32, false).toFloatArray();
    }
}
