package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    private static final String DELAY = "dev.carousel.bench.jmh.DelayTaskShapeBenchmark.forward";
    private static final String FLOOR = "dev.carousel.bench.jmh.GemmFloorBenchmark.forward";

    private static BenchCommand parse(String... args) {
        BenchCommand c = new BenchCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void defaultIncludeSelectsTheSuiteAndTheDelayTaskShapes() {
        assertArrayEquals(new boolean[] {true, true}, BenchCommand.selected(parse().include));
        assertArrayEquals(new boolean[] {false, true}, BenchCommand.selected("DelayTaskShape"));
        assertArrayEquals(new boolean[] {true, false}, BenchCommand.selected("GemmFloorBenchmark"));
    }

    @Test
    void mainRunExcludesAndDelayRunKeepsOnlyTheDelayTaskShapes() {
        assertTrue(Pattern.compile(BenchCommand.DELAY_REGEX).matcher(DELAY).find());
        assertFalse(Pattern.compile(BenchCommand.DELAY_REGEX).matcher(FLOOR).find());
        List<String> cmd = parse().delayTaskShapeRun("java", "cp", 1, Path.of("x.json"));
        Pattern exclude = Pattern.compile(cmd.get(cmd.indexOf("-e") + 1));
        assertTrue(exclude.matcher(FLOOR).find(), "other benchmarks excluded");
        assertFalse(exclude.matcher(DELAY).find(), "delay-task shapes kept");
    }

    @Test
    void quickDelayRunIsInProcessWithThePyTorchPropertiesOnItsJvm() {
        List<String> cmd = parse("--quick", "--param", "task=4").delayTaskShapeRun("java", "cp", 2, Path.of("x.json"));
        assertEquals("0", cmd.get(cmd.indexOf("-f") + 1));
        assertTrue(cmd.indexOf("-Dai.djl.pytorch.num_threads=2") < cmd.indexOf("-cp"), cmd.toString());
        assertTrue(cmd.indexOf("-Dai.djl.offline=true") < cmd.indexOf("-cp"), cmd.toString());
        assertEquals("task=4", cmd.get(cmd.indexOf("-p") + 1));
        assertEquals("x.json", cmd.get(cmd.indexOf("-rff") + 1));
    }

    @Test
    void fullDelayRunForksEveryCaseWithThePyTorchProperties() {
        List<String> cmd = parse().delayTaskShapeRun("java", "cp", 1, Path.of("x.json"));
        assertEquals("1", cmd.get(cmd.indexOf("-f") + 1));
        assertEquals(BenchCommand.djlProperties(1), cmd.get(cmd.indexOf("-jvmArgsAppend") + 1));
        assertFalse(cmd.contains("-p"));
    }
}
