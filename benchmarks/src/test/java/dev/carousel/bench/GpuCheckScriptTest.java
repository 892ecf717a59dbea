package dev.carousel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carousel.bench.jmh.DjlRecurrentTrainingBenchmark;
import dev.carousel.bench.jmh.RecurrentLayerBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code scripts/gpu-check.sh} without a GPU, cheaply: its printed plan ({@code --print-only}, which runs nothing)
 * names every step the GPU check needs with the right command, and the names in those commands exist (each JMH
 * include selects benchmarks, each {@code --param layer} value is a layer of that benchmark), since a typo there
 * would only show on the one GPU run; a wrong argument and a machine without a GPU get one line on stderr, exit 2,
 * and nothing written. The script's full CPU rehearsal ({@code --dry-run}) takes minutes and is run by hand
 * (docs/gpu.md).
 */
class GpuCheckScriptTest {
    private static final Path ROOT = root();
    private static final Pattern INCLUDE = Pattern.compile("--include '([^']+)'");
    private static final Pattern LAYERS = Pattern.compile("--param layer=(\\S+)");

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "scripts/gpu-check.sh"));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gpu-check.sh " + cmd + " ended within 60 s");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    /** The plan's lines from {@code heading} on, up to the next heading (a line starting with "gpu-check.sh:"). */
    private static String section(String out, String heading) {
        int from = out.indexOf(heading);
        assertTrue(from >= 0, "no '" + heading + "' in: " + out);
        int to = out.indexOf("\ngpu-check.sh:", from + heading.length());
        return to < 0 ? out.substring(from) : out.substring(from, to);
    }

    /** The command printed for step {@code id} ("  id  title" followed by "  $ command"). */
    private static String command(String plan, String id) {
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(id) + " +.*\\n +\\$ (.*)$").matcher(plan);
        assertTrue(m.find(), "no step '" + id + "' in the plan: " + plan);
        return m.group(1);
    }

    @Test
    void printsEveryGpuStepWithItsCommandAndRunsNothing() throws Exception {
        Run r = run(Map.of(), "--print-only");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String plan = section(r.out(), "gpu-check.sh: plan (budget 570 s):");
        assertTrue(command(plan, "gpu").startsWith("nvidia-smi --query-gpu=name,driver_version"), plan);
        assertEquals("CAROUSEL_PROFILES=cuda ./carousel --version", command(plan, "build"));
        assertTrue(command(plan, "devices").endsWith("dev.carousel.bench.report.DeviceInfo --require-gpu"), plan);
        assertEquals("CAROUSEL_PROFILES=cuda JAVA_OPTS=\"$DJL_OPTS\" ./carousel verify --vectors vectors/golden "
                + "--impl dl4j,djl --dtype float64,float32", command(plan, "verify"));
        assertTrue(command(plan, "dl4j-tests").startsWith("offline_first ./mvnw -B -Pcuda -pl dl4j-layers -am test "),
                plan);
        assertTrue(command(plan, "bench-dl4j").startsWith("CAROUSEL_PROFILES=cuda ./carousel bench --quick"), plan);
        assertTrue(command(plan, "bench-djl").startsWith("CAROUSEL_PROFILES=cuda ./carousel bench --quick"), plan);
        assertTrue(plan.contains("\n  report      results/gpu/report.md"), plan);
        benchmarkNamesExist(command(plan, "bench-dl4j"), RecurrentLayerBenchmark.class, 3);
        benchmarkNamesExist(command(plan, "bench-djl"), DjlRecurrentTrainingBenchmark.class, 4);
    }

    @Test
    void dryRunPrintsTheGpuPlanAndItsCpuCounterpartWritingUnderRuns() throws Exception {
        Run r = run(Map.of(), "--dry-run", "--print-only");
        assertEquals(0, r.exit(), r.err());
        String gpu = section(r.out(), "gpu-check.sh: on a GPU, scripts/gpu-check.sh runs");
        assertTrue(command(gpu, "verify").contains("--impl dl4j,djl --dtype float64,float32"), gpu);
        assertTrue(gpu.contains("report      results/gpu/report.md"), gpu);
        String cpu = section(r.out(), "gpu-check.sh: this dry run runs, on the CPU (budget 1800 s):");
        assertFalse(cpu.contains("cuda") || cpu.contains("results/"), "CPU plan: " + cpu);
        assertEquals("./carousel verify --vectors vectors/golden --impl dl4j,djl --dtype float64,float32",
                command(cpu, "verify"));
        assertTrue(command(cpu, "dl4j-tests").startsWith("offline_first ./mvnw -B -pl dl4j-layers -am test "), cpu);
        assertTrue(cpu.contains("\n  report      runs/gpu-check-dry-run/report.md"), cpu);
        benchmarkNamesExist(command(cpu, "bench-dl4j"), RecurrentLayerBenchmark.class, 1);
        benchmarkNamesExist(command(cpu, "bench-djl"), DjlRecurrentTrainingBenchmark.class, 1);
    }

    /** The include regex selects benchmarks of {@code suite} only, and each layer is one of its {@code layer}s. */
    private static void benchmarkNamesExist(String command, Class<?> suite, int layerCount) throws Exception {
        Matcher include = INCLUDE.matcher(command);
        assertTrue(include.find(), "no --include in " + command);
        var found = BenchmarkList.defaultList().find(OutputFormatFactory.createFormatInstance(System.out,
                VerboseMode.SILENT), List.of(include.group(1)), List.of());
        assertFalse(found.isEmpty(), "'" + include.group(1) + "' selects no benchmark");
        found.forEach(b -> assertEquals(suite.getName(), b.getUserClassQName(), b.getUsername()));
        Matcher layers = LAYERS.matcher(command);
        assertTrue(layers.find(), "no --param layer= in " + command);
        List<String> known = List.of(suite.getField("layer").getAnnotation(Param.class).value());
        List<String> asked = List.of(layers.group(1).split(","));
        assertEquals(layerCount, asked.size(), command);
        for (String layer : asked) {
            assertTrue(known.contains(layer), "layer '" + layer + "' is not one of " + suite.getSimpleName() + "'s "
                    + known);
        }
    }

    @Test
    void aWrongArgumentIsOneLineAndExitTwo() throws Exception {
        for (String[] args : List.of(new String[] {"--gpu"}, new String[] {"--budget", "0"},
                new String[] {"--budget"}, new String[] {"--dry-run", "extra"})) {
            Run r = run(Map.of(), args);
            assertEquals(2, r.exit(), Arrays.toString(args) + ": " + r.err());
            assertEquals("", r.out(), Arrays.toString(args));
            assertEquals(1, r.err().lines().count(), Arrays.toString(args) + ": " + r.err());
            assertTrue(r.err().startsWith("gpu-check.sh: "), r.err());
        }
        assertTrue(run(Map.of(), "--dry-run", "extra").err().contains("'extra'"));
    }

    @Test
    void withoutAGpuItRefusesInOneLineAndWritesNothing() throws Exception {
        // an nvidia-smi that finds no GPU, first on PATH, so that the test means the same on a GPU machine
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 'No devices were found' >&2\nexit 6\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path report = ROOT.resolve("results/gpu/report.md");
        long before = Files.exists(report) ? Files.getLastModifiedTime(report).toMillis() : -1;
        Run r = run(Map.of("PATH", bin + ":" + System.getenv("PATH")));
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("no GPU") && r.err().contains("--dry-run"), r.err());
        assertEquals(before, Files.exists(report) ? Files.getLastModifiedTime(report).toMillis() : -1,
                "results/gpu/report.md untouched");
    }

    @Test
    void isValidBashAndShellcheckClean() throws Exception {
        Process syntax = new ProcessBuilder("bash", "-n", "scripts/gpu-check.sh").directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        String out = new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(syntax.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, syntax.exitValue(), out);
        assumeTrue(onPath("shellcheck"), "shellcheck is not installed");
        Process sc = new ProcessBuilder("shellcheck", "scripts/gpu-check.sh", "carousel").directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        String report = new String(sc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, sc.exitValue(), report);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Path root() {
        for (Path d = Path.of("").toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("scripts/gpu-check.sh")) && Files.isRegularFile(d.resolve("mvnw"))) {
                return d;
            }
        }
        throw new IllegalStateException(new IOException("no folder with scripts/gpu-check.sh above "
                + Path.of("").toAbsolutePath()));
    }
}
