package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.verify.golden.GoldenSet;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.verify.vectors.TestCaseReader;
import dev.carousel.verify.vectors.TestCaseWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carousel verify} and {@code carousel vectors generate}, run in-process through picocli. */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    /** Exit code, stdout and stderr of one command. */
    record Run(int exit, String out, String err) {
        /** The table row of a case, or fail. */
        String row(String caseName, String dtype) {
            return out.lines().filter(l -> l.startsWith(caseName + " ") && l.contains(" " + dtype + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + caseName + " " + dtype + " in\n" + out));
        }
    }

    static Run run(String... args) {
        CommandLine cl = CarouselCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path golden() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("vectors/golden"))) {
                return p.resolve("vectors/golden");
            }
        }
        throw new IllegalStateException("vectors/golden not found");
    }

    private static void copyCase(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of("case.json", "arrays.npz")) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
    }

    @Test
    void committedGoldenSetPassesWithTheReference() {
        Run r = run("verify", "--vectors", golden().toString(), "--impl", "reference");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<GoldenSet.Definition> defs = GoldenSet.definitions();
        for (GoldenSet.Definition d : defs) {
            String row = r.row(d.name(), "float64");
            // errors are 0 on the platform that generated the set; elsewhere Math.exp/tanh may differ by an ulp
            assertTrue(row.matches(".*\\breference\\s+float64\\s+\\d\\.\\d\\de[-+]\\d\\d\\s+\\d\\.\\d\\de[-+]\\d\\d"
                    + "\\s+grad_\\w+\\s+1\\.00e-09\\s+PASS\\s*"), row);
        }
        assertTrue(r.out().contains(defs.size() + " rows: " + defs.size() + " PASS, 0 FAIL, 0 SKIP, 0 ERROR"),
                r.out());
    }

    @Test
    void float32OnTheReferenceIsSkippedNotFailed() {
        Run r = run("verify", "--vectors", golden().toString(), "--dtype", "float64,float32");
        assertEquals(0, r.exit(), r.out() + r.err());
        String row = r.row("gru-reset_after-b2-t500-i2-h3", "float32");
        assertTrue(row.contains("1.00e-03") && row.contains("SKIP") && row.contains("float32 not supported by "
                + "reference"), row);
        assertTrue(r.row("gru-reset_after-b3-t6-i3-h4", "float32").contains("1.00e-04"));
    }

    @Test
    void corruptedCaseFails() throws IOException {
        String good = "lstm-peephole-tanh-tanh-b3-t6-i3-h4";
        String bad = "lstm-np-nfg-squash_g1997-squash_h1997-b4-t9-i3-h4-varlen";
        copyCase(golden().resolve(good), tmp.resolve(good));
        TestCase c = TestCaseReader.read(golden().resolve(bad));
        Map<String, Tensor> arrays = new HashMap<>(c.arrays());
        double[] g = arrays.get("grad_w_hh").data().clone();
        g[7] += 1e-6;
        arrays.put("grad_w_hh", new Tensor(c.array("grad_w_hh").shape(), g));
        TestCaseWriter.write(new TestCase(bad, c.config(), c.lengths(), arrays), tmp.resolve(bad));

        Run r = run("verify", "--vectors", tmp.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.row(good, "float64").contains("PASS"));
        String row = r.row(bad, "float64");
        assertTrue(row.contains("grad_w_hh") && row.contains("FAIL"), row);
        assertTrue(r.out().contains("2 rows: 1 PASS, 1 FAIL"), r.out());
    }

    @Test
    void unreadableCaseIsAnError() throws IOException {
        String name = "gru-reset_before-b3-t6-i3-h4";
        copyCase(golden().resolve(name), tmp.resolve("sub").resolve(name));
        Files.writeString(tmp.resolve("sub").resolve(name).resolve("case.json"),
                "{\"cell\": \"gru\", \"batch\": 3, \"time\": 6, \"input\": 3, \"hidden\": 4, "
                        + "\"variable_length\": false, \"reset_after\": false, \"bidirectional\": true}");
        Run r = run("verify", "--vectors", tmp.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        String row = r.row("sub/" + name, "-");
        assertTrue(row.contains("ERROR") && row.contains("unknown key 'bidirectional'") && row.contains("case.json"),
                row);
    }

    @Test
    void usageErrors() throws IOException {
        Run unknown = run("verify", "--vectors", golden().toString(), "--impl", "reference,no-such-impl");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown implementation 'no-such-impl'; registered implementations: [")
                && unknown.err().contains("reference"), unknown.err());
        Run dtype = run("verify", "--vectors", golden().toString(), "--dtype", "bfloat16");
        assertEquals(2, dtype.exit());
        assertTrue(dtype.err().contains("unknown dtype 'bfloat16'"), dtype.err());
        Run noFolder = run("verify", "--vectors", tmp.resolve("missing").toString());
        assertEquals(2, noFolder.exit());
        Files.createDirectories(tmp.resolve("empty"));
        Run empty = run("verify", "--vectors", tmp.resolve("empty").toString());
        assertEquals(1, empty.exit());
        assertTrue(empty.err().contains("no test cases under"), empty.err());
        assertEquals(2, run().exit());
    }

    @Test
    void generateThenVerify() {
        Path out = tmp.resolve("gen");
        Run g = run("vectors", "generate", "--out", out.toString(), "--seed", "5");
        assertEquals(0, g.exit(), g.out() + g.err());
        int n = GoldenSet.definitions().size();
        assertTrue(g.out().contains(n + " cases written to " + out + " (seed 5)"), g.out());
        Run v = run("verify", "--vectors", out.resolve("gru-reset_after-b4-t9-i3-h4-varlen").toString());
        assertEquals(0, v.exit(), v.out() + v.err());
        assertTrue(v.out().contains("1 rows: 1 PASS"), v.out());
    }

    /**
     * The reader's fuzz cases (verify/src/test/resources/fuzz: good ones and ones broken every way the reader
     * knows) in one folder, plus a case whose header declares a huge array: one ERROR row per bad case with its
     * expected message, PASS for every good one, the whole run in a few seconds.
     */
    @Test
    void oneErrorRowPerBadCaseAndTheGoodOnesStillPass() throws IOException {
        Path fuzz = golden().getParent().getParent().resolve("verify/src/test/resources/fuzz");
        Path all = tmp.resolve("fuzz");
        Map<String, String> expected = new HashMap<>();
        int good = 0;
        try (var s = Files.list(fuzz)) {
            for (Path c : s.sorted().toList()) {
                String name = c.getFileName().toString();
                copyCase(c, all.resolve(name));
                if (name.startsWith("bad-")) {
                    expected.put(name, Files.readString(c.resolve("expected.txt")).strip());
                } else {
                    good++;
                }
            }
        }
        // a header declaring 10^13 values (80 TB) for x: refused before any data is read
        Path huge = all.resolve("bad-huge-header");
        copyCase(fuzz.resolve("good-stored"), huge);
        byte[] header = ("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 1000), }"
                + " ".repeat(53) + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer npy = java.nio.ByteBuffer.allocate(10 + header.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        replaceEntry(huge.resolve("arrays.npz"), "x.npy", npy.array());
        expected.put("bad-huge-header", "arrays.npz: array 'x': expected shape (2, 1, 3), got (100000, 100000, 1000)"
                + " (the expected shape follows from case.json)");

        Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> run("verify", "--vectors", all.toString(), "--impl", "reference"));
        assertEquals(CarouselCli.EXIT_FAILED, r.exit(), r.out() + r.err());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            List<String> rows = r.out().lines().filter(l -> l.startsWith(e.getKey() + " ")).toList();
            assertEquals(1, rows.size(), e.getKey() + " in\n" + r.out());
            String row = rows.get(0);
            assertTrue(row.matches(java.util.regex.Pattern.quote(e.getKey()) + "\\s+-\\s+-\\s+-\\s+-\\s+-\\s+-"
                    + "\\s+ERROR\\s+.*"), row);
            assertTrue(row.endsWith(all.resolve(e.getKey()).resolve(e.getValue()).toString()), row);
        }
        long pass = r.out().lines().filter(l -> l.startsWith("good-") && l.contains(" PASS")).count();
        assertEquals(good, pass, r.out());
        assertTrue(r.out().contains((good + expected.size()) + " rows: " + good + " PASS, 0 FAIL, 0 SKIP, "
                + expected.size() + " ERROR"), r.out());
        assertTrue(!r.out().contains("Exception") && !r.err().contains("Exception"), r.out() + r.err());
    }

    /** Rewrites a stored npz with one entry replaced (sizes and CRC made consistent). */
    @Test
    void seq2seqGoldenSetPassesAndMixesWithRecurrentCases() throws IOException {
        Path seq2seq = golden().resolveSibling("golden-seq2seq");
        Run r = run("verify", "--vectors", seq2seq.toString(), "--impl", "reference");
        assertEquals(0, r.exit(), r.out() + r.err());
        int n = dev.carousel.verify.golden.Seq2SeqGoldenSet.definitions().size();
        assertTrue(r.out().contains(n + " rows: " + n + " PASS, 0 FAIL, 0 SKIP, 0 ERROR"), r.out());
        String row = r.row("s2s-lstm-lstm-bahdanau-additive-zeros-uni-b3-s5-t4", "float64");
        assertTrue(row.matches(".*\\breference\\s+float64\\s+\\d\\.\\d\\de[-+]\\d\\d\\s+\\d\\.\\d\\de[-+]\\d\\d"
                + "\\s+grad_[\\w.]+\\s+1\\.00e-09\\s+PASS\\s*"), row);
        // a seq2seq case, a recurrent case and a broken seq2seq case in one folder: one row each, one ERROR
        copyCase(seq2seq.resolve("s2s-lstm-gru-bahdanau-additive-from_encoder-bi-b1-s1-t1"), tmp.resolve("a-s2s"));
        copyCase(golden().resolve("gru-reset_after-b3-t6-i3-h4"), tmp.resolve("b-gru"));
        copyCase(seq2seq.resolve("s2s-lstm-gru-bahdanau-additive-from_encoder-bi-b1-s1-t1"), tmp.resolve("c-bad"));
        Path json = tmp.resolve("c-bad").resolve("case.json");
        Files.writeString(json, Files.readString(json).replace("\"decoder\" : \"bahdanau\"",
                "\"decoder\" : \"transformer\""));
        r = run("verify", "--vectors", tmp.toString(), "--impl", "reference");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.row("a-s2s", "float64").contains("PASS"), r.out());
        assertTrue(r.row("b-gru", "float64").contains("PASS"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("c-bad ") && l.contains("ERROR")
                && l.contains("key 'decoder': unknown value \"transformer\"; known values: [bahdanau, luong]")), r.out());
        assertTrue(r.out().contains("3 rows: 2 PASS, 0 FAIL, 0 SKIP, 1 ERROR"), r.out());
    }

    @Test
    void forwardOnlyCaseShowsNoGradientColumns() throws IOException {
        TestCase full = TestCaseReader.read(golden().resolve("lstm-peephole-tanh-tanh-b4-t9-i3-h4-varlen"));
        Map<String, Tensor> arrays = new HashMap<>();
        full.arrays().forEach((k, v) -> {
            if (!k.startsWith("grad_") && !full.layout().upstream().contains(k)) {
                arrays.put(k, v);
            }
        });
        TestCaseWriter.write(new TestCase("fwd", full.config(), full.lengths(), arrays), tmp.resolve("fwd"));
        Run r = run("verify", "--vectors", tmp.toString(), "--impl", "reference");
        assertEquals(0, r.exit(), r.out() + r.err());
        String row = r.row("fwd", "float64");
        assertTrue(row.matches("fwd\\s+reference\\s+float64\\s+\\d\\.\\d\\de[-+]\\d\\d\\s+-\\s+-\\s+1\\.00e-09\\s+PASS\\s+"
                + "forward only"), row);
    }

    @Test
    void generateSeq2SeqWritesTheCommittedSet() throws IOException {
        Run r = run("vectors", "generate", "--set", "seq2seq", "--out", tmp.resolve("s").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("14 cases written to"), r.out());
        Path committed = golden().resolveSibling("golden-seq2seq");
        for (var d : dev.carousel.verify.golden.Seq2SeqGoldenSet.definitions()) {
            assertEquals(java.util.Arrays.toString(Files.readAllBytes(committed.resolve(d.name()).resolve("arrays.npz"))),
                    java.util.Arrays.toString(Files.readAllBytes(tmp.resolve("s").resolve(d.name()).resolve("arrays.npz"))),
                    d.name());
        }
        assertEquals(2, run("vectors", "generate", "--set", "lstm", "--out", tmp.resolve("x").toString()).exit());
    }

    private static void replaceEntry(Path npz, String entry, byte[] bytes) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(npz.toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(z.entries())) {
                entries.put(e.getName(), e.getName().equals(entry) ? bytes : z.getInputStream(e).readAllBytes());
            }
        }
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(npz))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                java.util.zip.ZipEntry z = new java.util.zip.ZipEntry(e.getKey());
                z.setMethod(java.util.zip.ZipEntry.STORED);
                z.setSize(e.getValue().length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(e.getValue());
                z.setCrc(crc.getValue());
                out.putNextEntry(z);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    /** ONNX's own LSTM/GRU node tests, committed in verify's test resources. */
    static Path onnxNodeTests() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("verify/src/test/resources/onnx-node-tests");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("verify/src/test/resources/onnx-node-tests not found");
    }

    @Test
    void onnxNodeTestFoldersPassForEveryImplementation() {
        Run r = run("verify", "--vectors", onnxNodeTests().toString(), "--impl", "reference,dl4j,djl",
                "--dtype", "float64,float32");
        assertEquals(0, r.exit(), r.out() + r.err());
        // 8 folders x 3 implementations x 2 dtypes; the reference does not compute in float32
        assertTrue(r.out().contains("48 rows: 40 PASS, 0 FAIL, 8 SKIP, 0 ERROR"), r.out());
        String row = r.out().lines().filter(l -> l.startsWith("test_lstm_with_peepholes ") && l.contains(" djl ")
                && l.contains(" float32 ")).findFirst().orElseThrow();
        assertTrue(row.matches("test_lstm_with_peepholes\\s+djl\\s+float32\\s+\\d\\.\\d\\de[-+]\\d\\d\\s+-\\s+-"
                + "\\s+1\\.00e-04\\s+PASS\\s+forward only"), row);
    }

    @Test
    void brokenOnnxFoldersGiveOneErrorRowEachAndExit1() throws IOException {
        Path good = onnxNodeTests().resolve("test_gru_with_initial_bias");
        copyOnnx(good, tmp.resolve("a-good"));
        copyOnnx(good, tmp.resolve("b-truncated"));
        Path model = tmp.resolve("b-truncated/model.onnx");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        copyOnnx(good, tmp.resolve("c-clip"));
        var m = dev.carousel.onnx.proto.OnnxSubset.ModelProto.parseFrom(bytes);
        var node = m.getGraph().getNode(0).toBuilder().addAttribute(
                dev.carousel.onnx.proto.OnnxSubset.AttributeProto.newBuilder().setName("clip")
                        .setType(dev.carousel.onnx.proto.OnnxSubset.AttributeProto.AttributeType.FLOAT).setF(2f));
        Files.write(tmp.resolve("c-clip/model.onnx"),
                m.toBuilder().setGraph(m.getGraph().toBuilder().setNode(0, node)).build().toByteArray());
        copyOnnx(good, tmp.resolve("d-no-output"));
        Files.delete(tmp.resolve("d-no-output/test_data_set_0/output_0.pb"));

        Run r = run("verify", "--vectors", tmp.toString(), "--impl", "reference,dl4j");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("5 rows: 2 PASS, 0 FAIL, 0 SKIP, 3 ERROR"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("b-truncated ") && l.contains("ERROR")
                && l.contains("not a valid ONNX model")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("c-clip ") && l.contains("ERROR")
                && l.contains("attribute clip = 2.0 is not supported")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("d-no-output ") && l.contains("ERROR")
                && l.contains("no output_0.pb for the graph output 'Y_h'")), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("a-good ") && l.contains(" PASS ")).count(),
                r.out());
        assertTrue(!r.out().contains("\tat ") && r.err().isEmpty(), r.out() + r.err());
    }

    private static void copyOnnx(Path from, Path to) throws IOException {
        Files.createDirectories(to.resolve("test_data_set_0"));
        Files.copy(from.resolve("model.onnx"), to.resolve("model.onnx"));
        try (var s = Files.list(from.resolve("test_data_set_0"))) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve("test_data_set_0").resolve(f.getFileName().toString()));
            }
        }
    }
}
