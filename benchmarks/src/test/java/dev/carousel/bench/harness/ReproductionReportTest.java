package dev.carousel.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReproductionReportTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(20L, ReproductionReport.median(List.of(10L, 20L, 90L)));
        assertEquals(23_451L, ReproductionReport.median(List.of(17_050L, 18_359L, 20_514L, 21_528L, 22_281L,
                24_621L, 26_081L, 26_690L, 50_762L, 148_181L)));          // (22,281 + 24,621) / 2
    }
}
