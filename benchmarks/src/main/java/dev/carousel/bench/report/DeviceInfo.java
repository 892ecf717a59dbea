package dev.carousel.bench.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which devices the two frameworks picked on this class path: ND4J's backend (CPU or CUDA) and DJL's engine and
 * default device (DJL runs every {@code NDManager.newBaseManager()} there, so the {@code djl} implementation of
 * {@code carousel verify} and the DJL benchmarks follow it). {@code scripts/gpu-check.sh} runs this before the GPU
 * steps: with the {@code cuda} profile a missing CUDA library makes DJL fall back to the CPU without an error, and a
 * GPU check that silently measured the CPU would be worse than none.
 *
 * <p>Run: {@code java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
 * dev.carousel.bench.report.DeviceInfo [--require-gpu]}. Prints one {@code key: value} line per fact; with
 * {@code --require-gpu}, exits 1 (after one line per problem on stderr) unless ND4J runs on CUDA and DJL's default
 * device is a GPU. Exit 2 on an unknown argument.
 */
public final class DeviceInfo {
    static final String ND4J_BACKEND = "nd4j backend";
    static final String ND4J_DEVICES = "nd4j devices";
    static final String DJL_ENGINE = "djl engine";
    static final String DJL_DEVICE = "djl default device";
    static final String DJL_GPUS = "djl gpu count";

    private DeviceInfo() {
    }

    /** The facts, in print order; a probe that throws reports "error: " and the exception instead of a value. */
    public static Map<String, String> collect() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            m.put(ND4J_BACKEND, env.getProperty("backend", "(unknown)") + " ("
                    + Nd4j.getBackend().getClass().getSimpleName() + ")");
            m.put(ND4J_DEVICES, Integer.toString(Nd4j.getAffinityManager().getNumberOfDevices()));
        } catch (RuntimeException | LinkageError e) {
            m.put(ND4J_BACKEND, "error: " + e);
        }
        try {
            Engine engine = Engine.getInstance();
            m.put(DJL_ENGINE, engine.getEngineName() + " " + engine.getVersion());
            m.put(DJL_DEVICE, engine.defaultDevice().toString());
            m.put(DJL_GPUS, Integer.toString(engine.getGpuCount()));
        } catch (RuntimeException | LinkageError e) {
            m.put(DJL_ENGINE, "error: " + e);
        }
        return m;
    }

    /** Why these facts do not describe a GPU run (ND4J on CUDA, DJL's default device a GPU); empty when they do. */
    public static List<String> gpuProblems(Map<String, String> facts) {
        List<String> problems = new ArrayList<>();
        String nd4j = facts.getOrDefault(ND4J_BACKEND, "(missing)");
        if (!nd4j.startsWith("CUDA")) {
            problems.add("ND4J backend: expected CUDA, got " + nd4j
                    + " (build with -Pcuda; CUDA 11.6 needs a driver that supports it)");
        }
        String djl = facts.getOrDefault(DJL_DEVICE, facts.getOrDefault(DJL_ENGINE, "(missing)"));
        if (!djl.startsWith(Device.Type.GPU)) {
            problems.add("DJL default device: expected gpu(0), got " + djl + " (DJL needs PyTorch's CUDA natives, "
                    + "from PYTORCH_LIBRARY_PATH or its download, and libcudart where JNA finds it, "
                    + "e.g. on LD_LIBRARY_PATH)");
        }
        return problems;
    }

    public static void main(String[] args) {
        boolean requireGpu = false;
        for (String a : args) {
            if (a.equals("--require-gpu")) {
                requireGpu = true;
            } else {
                System.err.println("DeviceInfo: unknown argument '" + a + "' (expected --require-gpu or nothing)");
                System.exit(2);
            }
        }
        Map<String, String> facts = collect();
        facts.forEach((k, v) -> System.out.println(k + ": " + v));
        if (requireGpu) {
            List<String> problems = gpuProblems(facts);
            problems.forEach(p -> System.err.println("DeviceInfo: " + p));
            System.exit(problems.isEmpty() ? 0 : 1);
        }
        System.exit(0);
    }
}
