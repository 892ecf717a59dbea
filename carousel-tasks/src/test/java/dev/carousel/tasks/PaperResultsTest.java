package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaperResultsTest {

    private static long count(String table) {
        return PaperResults.all().stream().filter(r -> r.table().equals(table)).count();
    }

    @Test
    void everyTableHasItsPrintedRows() {
        assertEquals(9, count("Table 1"));
        assertEquals(8, count("Table 2"));
        assertEquals(9, count("Table 3"));
        assertEquals(3, count("Table 4"));
        assertEquals(3, count("Table 5"));
        assertEquals(2, count("Table 6"));
        assertEquals(3, count("Table 7"));
        assertEquals(2, count("Table 8"));
        assertEquals(2, count("Table 9"));
        assertEquals(1, count("Exp. 2b text"));
    }

    @Test
    void lookupByConfiguredTask() {
        List<PaperResult> r = PaperResults.lstmRows(DelayTasks.parse("4:T=500"));
        assertEquals(1, r.size());
        assertEquals(209000L, r.get(0).sequences().getAsLong());
        r = PaperResults.lstmRows(DelayTasks.parse("3a:T=100,N=1"));
        assertEquals(1, r.size());
        assertEquals(64330L, r.get(0).sequences().getAsLong());
        assertEquals("58,370", r.get(0).extra().get("ST1"));
        assertEquals(5, PaperResults.lstmRows(DelayTasks.create("1")).size());
        assertEquals(2, PaperResults.lstmRows(DelayTasks.create("5")).size());
        assertEquals(5040L, PaperResults.lstmRows(DelayTasks.create("2a")).get(0).sequences().getAsLong());
        assertEquals(100.0, PaperResults.lstmRows(DelayTasks.create("2a")).get(0).successPercent().getAsDouble());
        assertTrue(PaperResults.lstmRows(DelayTasks.parse("4:T=200")).isEmpty());
        PaperResult rtrl = PaperResults.forTask("2a").get(4);
        assertTrue(rtrl.sequences().isEmpty(), "'> 5,000,000' is a bound, not a count");
        assertEquals(0.0, rtrl.successPercent().getAsDouble());
    }

    @Test
    void table3ColumnsAreConsistentWithEachOtherAndTable10() {
        for (PaperResult r : PaperResults.forTask("2c")) {
            int q = Integer.parseInt(r.setting().get("q"));
            int p = Integer.parseInt(r.setting().get("p"));
            assertEquals(q / p, Integer.parseInt(r.setting().get("q/p")));
            assertEquals(6 * p + 64, Integer.parseInt(r.setting().get("weights")));
            assertEquals(6 * p + 64, Hs97Architectures.veryLongLag(q, p).printedWeights());
        }
    }
}
