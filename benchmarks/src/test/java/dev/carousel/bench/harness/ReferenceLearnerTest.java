package dev.carousel.bench.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.DelayTasks;
import dev.carousel.tasks.Hs97Architecture;
import dev.carousel.tasks.Hs97Architectures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paper's networks as built by the harness: their weight counts equal Table 10's printed column w. */
class ReferenceLearnerTest {

    @Test
    void everyTable10RowHasThePrintedNumberOfWeights() {
        int rows = 0;
        for (Hs97Architecture row : Hs97Architectures.all()) {
            Map<String, String> params = new LinkedHashMap<>(row.taskParameters());
            DelayTask task = DelayTasks.create(row.taskId(), params);
            NetworkPlan plan = NetworkPlan.forTask(task);
            String d = new ReferenceLearner(task, CellChoice.LSTM1997, plan, 1).describe();
            if (plan.architecture().orElseThrow().row().equals(row.row())) {
                assertTrue(d.contains(" " + row.printedWeights() + " weights"),
                        "row " + row.row() + ": printed " + row.printedWeights() + ", built: " + d);
                rows++;
            }
        }
        assertTrue(rows >= 12, "checked " + rows + " rows");
    }
}
