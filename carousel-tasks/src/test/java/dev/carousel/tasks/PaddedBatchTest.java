package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PaddedBatchTest {

    @Test
    void padsToTheLongestSequenceWithZerosAndMasks() {
        DelayTask task = new AddingProblem1997(100);
        List<Sequence> seqs = task.sample(new SplittableRandom(70), 16);
        PaddedBatch batch = PaddedBatch.of(seqs);
        int max = seqs.stream().mapToInt(Sequence::length).max().orElseThrow();
        assertEquals(16, batch.sequenceCount());
        assertEquals(max, batch.maxLength());
        assertTrue(seqs.stream().mapToInt(Sequence::length).min().orElseThrow() < max, "lengths differ (seed)");
        for (int b = 0; b < 16; b++) {
            Sequence s = seqs.get(b);
            assertEquals(s.length(), batch.lengths()[b]);
            for (int t = 0; t < max; t++) {
                boolean real = t < s.length();
                assertEquals(real ? 1.0 : 0.0, batch.inputMask()[b][t]);
                assertEquals(real && s.targetMask()[t] ? 1.0 : 0.0, batch.targetMask()[b][t]);
                assertArrayEquals(real ? s.inputs()[t] : new double[2], batch.inputs()[b][t]);
                assertArrayEquals(real ? s.targets()[t] : new double[1], batch.targets()[b][t]);
            }
            assertEquals(1.0, batch.targetMask()[b][s.length() - 1], "error at each sequence's own end");
        }
        assertEquals(seqs, batch.sequences());
    }

    @Test
    void rejectsEmptyAndMixedWidths() {
        assertThrows(IllegalArgumentException.class, () -> PaddedBatch.of(List.of()));
        Sequence a = new AddingProblem1997(100).next(new SplittableRandom(1));
        Sequence b = new TwoSequenceProblem(TwoSequenceProblem.Variant.A, 100, 3).next(new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaddedBatch.of(List.of(a, b)));
        assertTrue(e.getMessage().contains("sequence 1") && e.getMessage().contains("2 inputs"), e.getMessage());
    }

    @Test
    void streamCountsSequencesAndMatchesDirectSampling() {
        DelayTask task = new CopyMemory(10);
        SequenceStream stream = new SequenceStream(task, new SplittableRandom(71));
        Sequence first = stream.next();
        PaddedBatch batch = stream.nextBatch(8);
        assertEquals(9, stream.sequencesDrawn());
        List<Sequence> direct = task.sample(new SplittableRandom(71), 9);
        assertTrue(direct.get(0).sameContent(first));
        for (int i = 0; i < 8; i++) {
            assertTrue(direct.get(i + 1).sameContent(batch.sequences().get(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> stream.nextBatch(0));
    }
}
