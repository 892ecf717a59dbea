package dev.carousel.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DeviceInfo} on the CPU build this suite runs: it names ND4J's CPU backend and DJL's PyTorch engine on
 * cpu(), and its GPU check refuses both with a reason, which is what keeps {@code scripts/gpu-check.sh} from
 * reporting CPU timings as GPU ones.
 */
class DeviceInfoTest {

    @Test
    void describesTheCpuBuildAndRefusesItAsAGpuRun() {
        Map<String, String> facts = DeviceInfo.collect();
        assertEquals("CPU (" + Nd4j.getBackend().getClass().getSimpleName() + ")", facts.get(DeviceInfo.ND4J_BACKEND));
        assertEquals("PyTorch " + Engine.getEngine("PyTorch").getVersion(), facts.get(DeviceInfo.DJL_ENGINE));
        assertEquals("cpu()", facts.get(DeviceInfo.DJL_DEVICE));
        assertEquals("0", facts.get(DeviceInfo.DJL_GPUS));

        List<String> problems = DeviceInfo.gpuProblems(facts);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("ND4J backend: expected CUDA, got CPU"), problems.get(0));
        assertTrue(problems.get(1).startsWith("DJL default device: expected gpu(0), got cpu()"), problems.get(1));
    }

    @Test
    void acceptsCudaAndAGpuAndReportsAFailedProbe() {
        assertEquals(List.of(), DeviceInfo.gpuProblems(Map.of(DeviceInfo.ND4J_BACKEND, "CUDA (CudaBackend)",
                DeviceInfo.DJL_DEVICE, "gpu(0)")));
        List<String> problems = DeviceInfo.gpuProblems(Map.of(DeviceInfo.ND4J_BACKEND, "CUDA (CudaBackend)",
                DeviceInfo.DJL_ENGINE, "error: ai.djl.engine.EngineException: no natives"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("got error: ai.djl.engine.EngineException: no natives"), problems.get(0));
    }
}
