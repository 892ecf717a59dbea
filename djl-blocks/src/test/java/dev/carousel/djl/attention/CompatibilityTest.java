package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.carousel.djl.BlockFormat;
import dev.carousel.djl.GRU;
import dev.carousel.djl.PeepholeLSTM;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameter files: the untagged format-1 files in src/test/resources/compat (saved by the code before the type tag,
 * see the README there) still load and give the outputs recorded when they were saved; a file of another block type
 * is named; corrupted lengths are refused with a message instead of an OutOfMemoryError.
 */
class CompatibilityTest {
    private static final Seq2SeqConfig SEQ2SEQ = new Seq2SeqConfig(7, 8, 3, 3, 4, CellType.LSTM,
            CellType.GRU_RESET_BEFORE, true, DecoderType.LUONG, ScoreType.ADDITIVE, 3, InitMode.values()[0], 1, 2, 0);

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CompatibilityTest.class.getResourceAsStream("/compat/" + name)) {
            assertTrue(in != null, "missing resource compat/" + name);
            return in.readAllBytes();
        }
    }

    /** The expected outputs: one line per array, "name,(shape),v0,v1,...". */
    private static List<double[]> expected(String name) throws IOException {
        List<double[]> out = new ArrayList<>();
        for (String line : new String(resource(name + ".expected.csv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            double[] v = new double[f.length - 2];
            for (int k = 0; k < v.length; k++) {
                v[k] = Double.parseDouble(f[k + 2]);
            }
            out.add(v);
        }
        return out;
    }

    private static NDArray x(NDManager m) {
        double[] v = new double[2 * 4 * 3];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < 3; i++) {
                    v[(b * 4 + t) * 3 + i] = Math.sin(1 + 0.7 * b + 0.3 * t + 1.1 * i);
                }
            }
        }
        return m.create(v, new Shape(2, 4, 3));
    }

    private static DataInputStream stream(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    private static void assertOutputs(String name, NDList outputs) throws IOException {
        NDList out = outputs;
        if (!name.startsWith("attention")) {
            out = new NDList(outputs);
            out.remove(1);                  // the lengths passed through (format-1 code returned [y, h_n(, c_n)])
        }
        List<double[]> want = expected(name);
        assertEquals(want.size(), out.size(), name + ": number of outputs");
        for (int k = 0; k < want.size(); k++) {
            assertArrayEquals(want.get(k), out.get(k).toType(DataType.FLOAT64, false).toDoubleArray(), 1e-12,
                    name + " output " + k);
        }
    }

    private static PeepholeLSTM lstm() {
        return PeepholeLSTM.builder().setStateSize(5).optReturnState(true).build();
    }

    private static GRU gru() {
        return GRU.builder().setStateSize(5).optResetAfter(false).optReturnState(true).build();
    }

    @Test
    void formatOneFilesStillLoadAndGiveTheSavedOutputs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (String name : new String[] {"peephole-lstm-v1", "gru-v1"}) {
                byte[] file = resource(name + ".params");
                assertEquals(BlockFormat.LEGACY_VERSION, file[0], name + " is a format-1 file");
                Block block = name.startsWith("gru") ? gru() : lstm();
                block.loadParameters(m, stream(file));
                assertOutputs(name, block.forward(ps, new NDList(x(m), m.create(new int[] {4, 2})), false));
            }
            byte[] file = resource("attention-seq2seq-v1.params");
            assertEquals(BlockFormat.LEGACY_VERSION, file[0]);
            AttentionSeq2SeqBlock block = new AttentionSeq2SeqBlock(SEQ2SEQ);
            block.loadParameters(m, stream(file));
            NDList in = new NDList(m.create(new int[][] {{3, 4, 5, 6}, {6, 2, 0, 0}}), m.create(new int[] {4, 2}),
                    m.create(new int[][] {{1, 3, 7}, {1, 5, 0}}), m.create(new int[] {3, 2}));
            assertOutputs("attention-seq2seq-v1", block.forward(ps, in, false));
        }
    }

    @Test
    void resavedFilesAreTaggedAndRoundTrip() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            PeepholeLSTM old = lstm();
            old.loadParameters(m, stream(resource("peephole-lstm-v1.params")));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            old.saveParameters(new DataOutputStream(bytes));
            byte[] file = bytes.toByteArray();
            assertEquals(BlockFormat.VERSION, file[0]);
            DataInputStream is = stream(file);
            is.readByte();
            assertEquals(BlockFormat.MAGIC, is.readUTF());
            assertEquals("PeepholeLSTM", is.readUTF());
            PeepholeLSTM loaded = lstm();
            loaded.loadParameters(m, stream(file));
            assertOutputs("peephole-lstm-v1", loaded.forward(ps, new NDList(x(m), m.create(new int[] {4, 2})),
                    false));
        }
    }

    private static byte[] saved(Block block, NDManager m, Shape... shapes) throws IOException {
        block.initialize(m, DataType.FLOAT32, shapes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        block.saveParameters(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Test
    void aFileOfAnotherBlockTypeIsNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] gruFile = saved(GRU.builder().setStateSize(5).build(), m, new Shape(2, 4, 3));
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> PeepholeLSTM.builder().setStateSize(5).build().loadParameters(m, stream(gruFile)));
            assertEquals("PeepholeLSTM: this file holds a GRU, not a PeepholeLSTM", e.getMessage());
            byte[] lstmFile = saved(PeepholeLSTM.builder().setStateSize(5).build(), m, new Shape(2, 4, 3));
            e = assertThrows(MalformedModelException.class,
                    () -> new AttentionSeq2SeqBlock(SEQ2SEQ).loadParameters(m, stream(lstmFile)));
            assertEquals("AttentionSeq2SeqBlock: this file holds a PeepholeLSTM, not a AttentionSeq2SeqBlock",
                    e.getMessage());
            // an untagged format-1 GRU file: no tag to name, but a clear refusal instead of "malformed input"
            byte[] oldGru = resource("gru-v1.params");
            e = assertThrows(MalformedModelException.class, () -> lstm().loadParameters(m, stream(oldGru)));
            assertTrue(e.getMessage().startsWith("PeepholeLSTM: ") && e.getMessage().contains("another block type"),
                    e.getMessage());
            byte[] oldLstm = resource("peephole-lstm-v1.params");
            e = assertThrows(MalformedModelException.class, () -> gru().loadParameters(m, stream(oldLstm)));
            assertTrue(e.getMessage().startsWith("GRU: ") && e.getMessage().contains("another block type"),
                    e.getMessage());
        }
    }

    /** Offset of the first occurrence of {@code pattern} in {@code data}. */
    private static int find(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (data[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    private static byte[] withInt(byte[] data, int offset, int value) {
        byte[] c = data.clone();
        ByteBuffer.wrap(c).putInt(offset, value);
        return c;
    }

    @Test
    void corruptedLengthsAreRefusedNotAllocated() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] file = saved(GRU.builder().setStateSize(5).build(), m, new Shape(2, 4, 3));
            // after the version byte and the two tag strings comes the number of input shapes
            int shapes = 1 + 2 + BlockFormat.MAGIC.length() + 2 + "GRU".length();
            assertEquals(1, ByteBuffer.wrap(file).getInt(shapes));
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> GRU.builder().setStateSize(5).build().loadParameters(m, stream(withInt(file, shapes,
                            Integer.MAX_VALUE))));
            assertTrue(e.getMessage().contains("number of input shapes") && e.getMessage().contains("2147483647"),
                    e.getMessage());
            // the rank of the input shape
            e = assertThrows(MalformedModelException.class, () -> GRU.builder().setStateSize(5).build()
                    .loadParameters(m, stream(withInt(file, shapes + 4, 1 << 30))));
            assertTrue(e.getMessage().contains("rank of input shape 0"), e.getMessage());
            // the data length of the first parameter (after its 'NDAR' tag, version, sparse format, type, shape)
            int tag = find(file, "NDAR".getBytes(StandardCharsets.UTF_8), 0);
            int afterType = find(file, "FLOAT32".getBytes(StandardCharsets.UTF_8), tag) + "FLOAT32".length();
            int rank = ByteBuffer.wrap(file).getInt(afterType);
            int length = afterType + 4 + 8 * rank + 4 + 2 * ByteBuffer.wrap(file).getInt(afterType + 4 + 8 * rank) + 1;
            assertEquals(15 * 3 * 4, ByteBuffer.wrap(file).getInt(length), "w_ih [15, 3] float32 bytes");
            e = assertThrows(MalformedModelException.class, () -> GRU.builder().setStateSize(5).build()
                    .loadParameters(m, stream(withInt(file, length, Integer.MAX_VALUE))));
            assertTrue(e.getMessage().contains("parameter 'w_ih'") && e.getMessage().contains("180"),
                    e.getMessage());
            e = assertThrows(MalformedModelException.class, () -> GRU.builder().setStateSize(5).build()
                    .loadParameters(m, stream(withInt(file, afterType + 4, Integer.MAX_VALUE))));
            assertTrue(e.getMessage().contains("dimension 0 of parameter 'w_ih'"), e.getMessage());
            // a truncated file
            byte[] cut = java.util.Arrays.copyOf(file, file.length - 7);
            e = assertThrows(MalformedModelException.class, () -> GRU.builder().setStateSize(5).build()
                    .loadParameters(m, stream(cut)));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }
}
