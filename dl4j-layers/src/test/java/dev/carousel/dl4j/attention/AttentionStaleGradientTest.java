package dev.carousel.dl4j.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.RelativeError;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attention-decoder vertex's gradient belongs to its current parameters and inputs: a training forward pass,
 * then new parameters (in place, as setParams does) or an in-place change of an input, then the backward pass,
 * gives the gradient of a freshly built graph that only ever saw the new parameters and inputs (the graph whose
 * gradients AttentionReferenceAgreementTest checks against the float64 reference). Before the vertex compared its
 * kept pass with the current values, the first two orders returned the old pass' gradient.
 */
class AttentionStaleGradientTest {
    enum Order { PARAMS_CHANGED, INPUT_CHANGED_IN_PLACE, NOTHING_CHANGED }

    @ParameterizedTest
    @EnumSource(Order.class)
    void gradientFollowsTheCurrentParamsAndInputs(Order order) {
        Seq2SeqConfig cfg = AttentionFixtures.config(CellType.PEEPHOLE_LSTM, CellType.LSTM, false,
                DecoderType.BAHDANAU, ScoreType.ADDITIVE, InitMode.ZEROS);
        AttentionSeq2Seq first = AttentionFixtures.reference(cfg, 11);
        AttentionSeq2Seq second = AttentionFixtures.reference(cfg, 12);
        ComputationGraph g = AttentionFixtures.graph(cfg, first, DataType.DOUBLE);
        g.initGradientsView();
        AttentionDecoderVertexImpl v = AttentionSeq2SeqGraph.decoder(g);
        Nd4j.getRandom().setSeed(5);
        int e = cfg.encoderOutputSize();
        INDArray enc = Nd4j.rand(DataType.DOUBLE, 2, e, 4).subi(0.5);
        INDArray dec = Nd4j.rand(DataType.DOUBLE, 2, cfg.embeddingSize(), 3).subi(0.5);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, cfg.decoderOutputSize(), 3).subi(0.5);

        v.setInputs(new INDArray[] {enc, dec});
        v.doForward(true, LayerWorkspaceMgr.noWorkspaces());
        switch (order) {
            case PARAMS_CHANGED -> Seq2SeqParamImport.importParams(g, cfg, second.params().values());
            case INPUT_CHANGED_IN_PLACE -> enc.muli(2);
            case NOTHING_CHANGED -> { }
            default -> throw new AssertionError(order);
        }
        v.setEpsilon(eps);
        Pair<Gradient, INDArray[]> stale = v.doBackward(false, LayerWorkspaceMgr.noWorkspaces());

        ComputationGraph fresh = AttentionFixtures.graph(cfg, order == Order.PARAMS_CHANGED ? second : first,
                DataType.DOUBLE);
        fresh.initGradientsView();
        AttentionDecoderVertexImpl f = AttentionSeq2SeqGraph.decoder(fresh);
        f.setInputs(new INDArray[] {enc.dup(), dec.dup()});
        f.doForward(true, LayerWorkspaceMgr.noWorkspaces());
        f.setEpsilon(eps.dup());
        Pair<Gradient, INDArray[]> expected = f.doBackward(false, LayerWorkspaceMgr.noWorkspaces());

        for (Map.Entry<String, INDArray> en : expected.getFirst().gradientForVariable().entrySet()) {
            INDArray got = stale.getFirst().gradientForVariable().get(en.getKey());
            double err = RelativeError.of(got.dup().data().asDouble(), en.getValue().dup().data().asDouble());
            assertTrue(err <= 1e-12, order + ": d" + en.getKey() + " relative error " + err);
        }
        for (int k = 0; k < 2; k++) {
            double err = RelativeError.of(stale.getSecond()[k].dup().data().asDouble(),
                    expected.getSecond()[k].dup().data().asDouble());
            assertTrue(err <= 1e-12, order + ": input gradient " + k + " relative error " + err);
        }
    }
}
