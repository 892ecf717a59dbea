package dev.carousel.bench.cli;

import dev.carousel.bench.jmh.DelayTaskShapeBenchmark;
import dev.carousel.bench.report.JmhSummary;
import dev.carousel.dl4j.host.HostThreads;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carousel bench}: runs the JMH suite once per thread setting, each in its own JVM with
 * {@code OMP_NUM_THREADS}/{@code OPENBLAS_NUM_THREADS} and {@code ai.djl.pytorch.num_threads} set to that value, writes
 * {@code jmh-t<threads>.json} into the output folder and a Markdown summary with the ratios of the issues and the
 * machine's description.
 *
 * <p>{@link DelayTaskShapeBenchmark} (about 200 cases) runs as a second JMH invocation with its own, shorter settings
 * into {@code jmh-delay-t<threads>.json}: full, one fork per case with 2 x 1 s warm-up and 3 x 1 s measurement;
 * {@code --quick}, in the JMH JVM itself ({@code -f 0}, which saves a JVM start per case) with 1 x 200 ms warm-up and
 * 2 x 400 ms measurement.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the JMH suite (every implementation, every thread setting) and summarise it.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--include", defaultValue = "dev\\.carousel\\.bench\\.jmh\\..*Benchmark",
            description = "JMH include regex (default ${DEFAULT-VALUE})")
    String include;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "thread settings to run (default ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Option(names = "--quick", description = "1 warm-up and 3 measurement iterations of 1 s (default 3 x 2 s, "
            + "5 x 2 s); "
            + "DelayTaskShapeBenchmark in-process, 1 x 200 ms and 2 x 400 ms (default forked, 2 x 1 s, 3 x 1 s)")
    boolean quick;

    @Option(names = "--out", description = "output folder (default runs/jmh, git-ignored; the committed "
            + "results/jmh is written with an explicit --out)")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--ignore-lock", description = "run even if another JMH run holds /tmp/jmh.lock (timings "
            + "then compete with it)")
    boolean ignoreLock;

    @Option(names = "--param", paramLabel = "NAME=V1,V2",
            description = "override a JMH parameter in every run (JMH -p), e.g. --param task=4 --param batch=32")
    List<String> params = new ArrayList<>();

    @Option(names = "--prof", paramLabel = "PROFILER",
            description = "a JMH profiler for every run (JMH -prof), e.g. --prof gc: allocation per operation "
                    + "(gc.alloc.rate.norm, bytes/op)")
    List<String> profilers = new ArrayList<>();

    @Option(names = "--summary-only", description = "only rebuild summary.md from the JSON files in --out")
    boolean summaryOnly;

    /** JMH regex of {@link DelayTaskShapeBenchmark}'s benchmarks. */
    static final String DELAY_REGEX = Pattern.quote(DelayTaskShapeBenchmark.class.getName() + ".");

    /**
     * The properties of a JVM measuring at {@code threads} threads: PyTorch's, and Carousel's DL4J thread override
     * ({@code -Dcarousel.dl4j.threads}) when this JVM has one (e.g. through JAVA_OPTS), so that the forks measure
     * with it; without it the layers choose by themselves (at most {@code threads}, ND4J's setting).
     */
    static String djlProperties(int threads) {
        String dl4j = System.getProperty(HostThreads.PROPERTY);
        return "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=" + threads
                + " -Dai.djl.pytorch.num_interop_threads=1"
                + (dl4j == null || dl4j.isBlank() ? "" : " -D" + HostThreads.PROPERTY + "=" + dl4j.trim());
    }

    /**
     * The command of the {@link DelayTaskShapeBenchmark} run: {@code include} narrowed to that class (excluding every
     * name that does not start with it), its own iteration settings, results into {@code json}.
     */
    List<String> delayTaskShapeRun(String java, String cp, int threads, Path json) {
        List<String> cmd = new ArrayList<>(List.of(java, "-Djmh.ignoreLock=" + ignoreLock));
        if (quick) {
            cmd.addAll(List.of(djlProperties(threads).split(" ")));
        }
        cmd.addAll(List.of("-cp", cp, "org.openjdk.jmh.Main", include, "-e", "^(?!" + DELAY_REGEX + ")",
                "-rf", "json", "-rff", json.toString()));
        cmd.addAll(quick ? List.of("-f", "0", "-wi", "1", "-w", "200ms", "-i", "2", "-r", "400ms")
                : List.of("-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "1s",
                "-jvmArgsAppend", djlProperties(threads)));
        cmd.addAll(jmhParams());
        return cmd;
    }

    /** The {@code --param} overrides as JMH {@code -p} options, and the {@code --prof} profilers. */
    private List<String> jmhParams() {
        List<String> p = new ArrayList<>();
        for (String prof : profilers) {
            p.add("-prof");
            p.add(prof);
        }
        for (String v : params) {
            if (v.indexOf('=') <= 0) {
                throw new IllegalArgumentException("--param expects NAME=V1,V2,..., got '" + v + "'");
            }
            p.add("-p");
            p.add(v);
        }
        return p;
    }

    /** Whether {@code include} selects {0: any benchmark but the delay-task shapes, 1: the delay-task shapes}. */
    static boolean[] selected(String include) {
        boolean[] any = new boolean[2];
        OutputFormat silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(silent, List.of(include), List.of())) {
            any[e.getUserClassQName().equals(DelayTaskShapeBenchmark.class.getName()) ? 1 : 0] = true;
        }
        return any;
    }

    /** Refuses bad values before anything runs. */
    private void validate() {
        for (Integer t : threads) {
            Cli.atLeast(spec, "--threads", t, 1);
        }
        for (String v : params) {
            if (v.indexOf('=') <= 0 || v.endsWith("=")) {
                throw Cli.invalid(spec, "--param", v, "expected NAME=V1,V2,..., e.g. batch=32");
            }
        }
        try {
            Pattern.compile(include);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw Cli.invalid(spec, "--include", include, "not a regular expression: " + e.getDescription());
        }
        if (out == null) {
            out = Cli.defaultOut("jmh");
        }
        Cli.writableFolder(spec, "--out", out);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        String dl4jThreads = System.getProperty(HostThreads.PROPERTY);
        String command = (dl4jThreads == null ? "" : "JAVA_OPTS=-D" + HostThreads.PROPERTY + "=" + dl4jThreads + " ")
                + "carousel bench --include '" + include + "' --threads " + threads.toString()
                .replaceAll("[\\[\\] ]", "") + (quick ? " --quick" : "")
                + params.stream().map(v -> " --param '" + v + "'").reduce("", String::concat)
                + profilers.stream().map(v -> " --prof " + v).reduce("", String::concat);
        if (!summaryOnly) {
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("java.class.path");
            boolean[] selected = selected(include);
            for (int t : threads) {
                List<List<String>> runs = new ArrayList<>();
                if (selected[0]) {
                    List<String> cmd = new ArrayList<>(List.of(java, "-Djmh.ignoreLock=" + ignoreLock, "-cp", cp,
                            "org.openjdk.jmh.Main", include, "-e", DELAY_REGEX,
                            "-f", "1", "-rf", "json", "-rff", out.resolve("jmh-t" + t + ".json").toString(),
                            "-jvmArgsAppend", djlProperties(t)));
                    cmd.addAll(quick ? List.of("-wi", "1", "-w", "1s", "-i", "3", "-r", "1s")
                            : List.of("-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"));
                    cmd.addAll(jmhParams());
                    runs.add(cmd);
                }
                if (selected[1]) {
                    runs.add(delayTaskShapeRun(java, cp, t, out.resolve("jmh-delay-t" + t + ".json")));
                }
                for (List<String> cmd : runs) {
                    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
                    pb.environment().put("OMP_NUM_THREADS", Integer.toString(t));
                    pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(t));
                    System.out.println("carousel bench: threads=" + t + " -> " + cmd.get(cmd.indexOf("-rff") + 1));
                    int rc = pb.start().waitFor();
                    if (rc != 0) {
                        System.err.println("JMH exited with " + rc + " for threads=" + t);
                        return CarouselCli.EXIT_FAILED;
                    }
                }
            }
        }
        JmhSummary.write(out, command);
        System.out.println("summary: " + out.resolve("summary.md").toAbsolutePath() + File.separator);
        return 0;
    }
}
