package dev.carousel.bench.cli;

import dev.carousel.bench.report.JmhSummary;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carousel bench}: runs the JMH suite once per thread setting, each in its own JVM with
 * {@code OMP_NUM_THREADS}/{@code OPENBLAS_NUM_THREADS} and {@code ai.djl.pytorch.num_threads} set to that value, writes
 * {@code jmh-t<threads>.json} into the output folder and a Markdown summary with the ratios of the issues and the
 * machine's description.
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

    @Option(names = "--quick", description = "1 warm-up and 3 measurement iterations of 1 s (default 3 x 2 s, 5 x 2 s)")
    boolean quick;

    @Option(names = "--out", defaultValue = "results/jmh", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--ignore-lock", description = "run even if another JMH run holds /tmp/jmh.lock (timings "
            + "then compete with it)")
    boolean ignoreLock;

    @Option(names = "--summary-only", description = "only rebuild summary.md from the JSON files in --out")
    boolean summaryOnly;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        String command = "carousel bench --include '" + include + "' --threads " + threads.toString()
                .replaceAll("[\\[\\] ]", "") + (quick ? " --quick" : "");
        if (!summaryOnly) {
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("java.class.path");
            for (int t : threads) {
                Path json = out.resolve("jmh-t" + t + ".json");
                List<String> cmd = new ArrayList<>(List.of(java, "-Djmh.ignoreLock=" + ignoreLock, "-cp", cp,
                        "org.openjdk.jmh.Main", include,
                        "-f", "1", "-rf", "json", "-rff", json.toString(),
                        "-jvmArgsAppend", "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=" + t
                                + " -Dai.djl.pytorch.num_interop_threads=1"));
                if (quick) {
                    cmd.addAll(List.of("-wi", "1", "-w", "1s", "-i", "3", "-r", "1s"));
                } else {
                    cmd.addAll(List.of("-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"));
                }
                ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
                pb.environment().put("OMP_NUM_THREADS", Integer.toString(t));
                pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(t));
                System.out.println("carousel bench: threads=" + t + " -> " + json);
                int rc = pb.start().waitFor();
                if (rc != 0) {
                    System.err.println("JMH exited with " + rc + " for threads=" + t);
                    return CarouselCli.EXIT_FAILED;
                }
            }
        }
        JmhSummary.write(out, command);
        System.out.println("summary: " + out.resolve("summary.md").toAbsolutePath() + File.separator);
        return 0;
    }
}
