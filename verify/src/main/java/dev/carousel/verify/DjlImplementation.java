package dev.carousel.verify;

import dev.carousel.spec.DType;
import ai.djl.ndarray.types.DataType;
import dev.carousel.verify.vectors.CellType;
import dev.carousel.djl.RecurrentRun;
import dev.carousel.djl.RecurrentRunResult;

/** Carousel's DJL blocks ({@code PeepholeLSTM}, {@code GRU}) on the default engine (PyTorch here). */
public final class DjlImplementation extends FrameworkImplementation {

    @Override
    public String name() {
        return "djl";
    }

    @Override
    protected Pass compute(Inputs in, DType dtype) {
        DataType dt = dtype == DType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        RecurrentRunResult r = in.config().cell() == CellType.LSTM
                ? RecurrentRun.lstm(in.config().lstmSpec(), in.weights(), in.x(), in.lengths(), in.h0(), in.c0(),
                        in.dy(), in.dhN(), in.dcN(), dt)
                : RecurrentRun.gru(in.config().gruSpec(), in.weights(), in.x(), in.lengths(), in.h0(), in.dy(),
                        in.dhN(), dt);
        return new Pass(r.y(), r.hN(), r.cN(), r.dx(), r.dh0(), r.dc0(), r.paramGrads());
    }
}
