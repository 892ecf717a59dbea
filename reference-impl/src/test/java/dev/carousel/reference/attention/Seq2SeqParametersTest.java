package dev.carousel.reference.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.Param;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.spec.seq2seq.Seq2SeqParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec's parameter layout ({@link Seq2SeqParameters#shapes}) against the parameters the float64 reference model
 * actually creates: for every encoder cell x decoder cell x decoder type x score x init mode x direction, the same
 * names in the same order with the same shapes. All sizes differ (V_src 11, V_tgt 9, M 5, H_enc 3, H_dec 4 or E,
 * A 7), so a swapped dimension shows.
 */
class Seq2SeqParametersTest {

    @Test
    void referenceModelParametersAreTheSpecLayoutForEveryConfiguration() {
        int checked = 0;
        for (CellType enc : CellType.values()) {
            for (CellType dec : CellType.values()) {
                for (DecoderType type : DecoderType.values()) {
                    for (ScoreType score : ScoreType.values()) {
                        for (InitMode init : InitMode.values()) {
                            for (boolean bi : new boolean[] {false, true}) {
                                int e = bi ? 6 : 3;
                                int hDec = score == ScoreType.DOT ? e : 4;
                                Seq2SeqConfig cfg = new Seq2SeqConfig(11, 9, 5, 3, hDec, enc, dec, bi, type, score,
                                        7, init, 1, 2, 0);
                                assertSameLayout(cfg);
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(4 * 4 * 2 * 3 * 2 * 2, checked);
    }

    private static void assertSameLayout(Seq2SeqConfig cfg) {
        Map<String, int[]> spec = Seq2SeqParameters.shapes(cfg);
        Map<String, Param> model = new AttentionSeq2Seq(cfg).params().asMap();
        assertEquals(new ArrayList<>(spec.keySet()), new ArrayList<>(model.keySet()), cfg + ": names and order");
        List<String> names = new ArrayList<>(spec.keySet());
        for (String name : names) {
            Param p = model.get(name);
            assertArrayEquals(spec.get(name), p.shape(), cfg + ": shape of " + name);
            assertEquals(Seq2SeqParameters.size(spec.get(name)), p.size(), cfg + ": size of " + name);
        }
        // the spec's own check accepts the reference's values
        Seq2SeqParameters.check(cfg, new AttentionSeq2Seq(cfg).params().values());
        assertTrue(names.contains("encoder.bwd.w_ih") == cfg.bidirectional(), cfg + ": backward encoder");
    }
}
