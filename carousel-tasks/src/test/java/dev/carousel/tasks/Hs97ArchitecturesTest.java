package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.Activation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Hs97ArchitecturesTest {

    @Test
    void weightCountFromConnectivityReproducesEveryPrintedWeightColumn() {
        assertEquals(5 + 2 + 9 + 3 + 3 + 1 + 2, Hs97Architectures.all().size());
        for (Hs97Architecture a : Hs97Architectures.all()) {
            assertEquals(a.printedWeights(), a.weightCount(), a.row());
        }
        int[] printed2c = {364, 664, 1264, 3064, 6064};
        int[] p = {50, 100, 200, 500, 1000};
        for (int i = 0; i < p.length; i++) {
            assertEquals(printed2c[i], Hs97Architectures.veryLongLag(1000, p[i]).weightCount());
        }
    }

    @Test
    void rowsAgreeWithTheGeneratorsInputAndOutputWidths() {
        for (Hs97Architecture a : Hs97Architectures.all()) {
            DelayTask task = DelayTasks.create(a.taskId(), a.taskParameters());
            assertEquals(task.inputSize(), a.inputs(), a.row() + " inputs");
            assertEquals(task.outputSize(), a.outputs(), a.row() + " outputs");
        }
    }

    @Test
    void lookupByConfiguredTask() {
        assertEquals("4-2", Hs97Architectures.forTask(DelayTasks.parse("4:T=500")).orElseThrow().row());
        assertEquals("4-1", Hs97Architectures.forTask(DelayTasks.parse("4:T=200")).orElseThrow().row());
        assertEquals("2c-7", Hs97Architectures.forTask(DelayTasks.parse("2c:q=1000,p=200")).orElseThrow().row());
        assertEquals(6 * 37 + 64,
                Hs97Architectures.forTask(DelayTasks.parse("2c:q=40,p=37")).orElseThrow().weightCount());
        assertTrue(Hs97Architectures.forTask(DelayTasks.create("copy")).isEmpty());
        assertEquals(5, Hs97Architectures.rows("1").size());
        Hs97Architecture a3 = Hs97Architectures.row("3a");
        assertEquals(List.of(-1.0, -3.0, -5.0), boxed(a3.inputGateBias().perBlock()));
        assertEquals(List.of(-2.0, -4.0, -6.0), boxed(a3.outputGateBias().perBlock()));
        Hs97Architecture a2 = Hs97Architectures.row("2a");
        assertEquals(Activation.IDENTITY, a2.cellOutputSquash());
        assertEquals(Activation.SIGMOID, a2.cellInputSquash());
        assertEquals(false, a2.outputGates());
        assertEquals(0.1, Hs97Architectures.row("3c").learningRate());
        assertEquals(Map.of("T", "1000"), Hs97Architectures.row("4-3").taskParameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hs97Architectures.row("9"));
        assertTrue(e.getMessage().contains("1-1"), e.getMessage());
    }

    private static List<Double> boxed(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
