package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.CellType;
import dev.carousel.dl4j.Dl4jRecurrentRun;
import org.nd4j.linalg.api.buffer.DataType;

/** Carousel's DL4J layers ({@code PeepholeLSTM}, {@code GRU}) on the ND4J backend on the class path. */
public final class Dl4jImplementation extends FrameworkImplementation {

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    protected Pass compute(Inputs in, DType dtype) {
        DataType dt = dtype == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
        Dl4jRecurrentRun.Result r = in.config().cell() == CellType.LSTM
                ? Dl4jRecurrentRun.lstm(in.config().lstmSpec(), in.weights(), in.x(), in.lengths(), in.h0(), in.c0(),
                        in.dy(), in.dhN(), in.dcN(), dt)
                : Dl4jRecurrentRun.gru(in.config().gruSpec(), in.weights(), in.x(), in.lengths(), in.h0(), in.dy(),
                        in.dhN(), dt);
        return new Pass(r.y(), r.hN(), r.cN(), r.dx(), r.dh0(), r.dc0(), r.paramGrads());
    }
}
