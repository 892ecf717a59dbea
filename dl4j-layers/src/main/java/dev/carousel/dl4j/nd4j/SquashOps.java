package dev.carousel.dl4j.nd4j;

import dev.carousel.spec.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The squashing functions of equations.md section 1 as ND4J operations (the path used on CUDA and, when forced, on
 * the CPU), with derivatives from the output y = f(x) as in {@code dev.carousel.dl4j.host.Squash}, and the masked
 * state write the ND4J-operations cells share.
 */
public final class SquashOps {
    private SquashOps() {
    }

    /** x := f(x), in place. */
    public static INDArray applyInPlace(Activation a, INDArray x) {
        switch (a) {
            case TANH: return Transforms.tanh(x, false);
            case SIGMOID: return Transforms.sigmoid(x, false);
            case IDENTITY: return x;
            case SQUASH_G1997: return Transforms.sigmoid(x, false).muli(4.0).subi(2.0);
            case SQUASH_H1997: return Transforms.sigmoid(x, false).muli(2.0).subi(1.0);
            default: throw new AssertionError(a);
        }
    }

    /** A new array f'(x) computed from y = f(x). */
    public static INDArray derivativeFromOutput(Activation a, INDArray y) {
        switch (a) {
            case TANH: return y.mul(y).rsubi(1.0);
            case SIGMOID: return sigmoidDerivative(y);
            case IDENTITY: return y.ulike().assign(1.0);
            case SQUASH_G1997: return sigmoidDerivative(y.add(2.0).muli(0.25)).muli(4.0);
            case SQUASH_H1997: return sigmoidDerivative(y.add(1.0).muli(0.5)).muli(2.0);
            default: throw new AssertionError(a);
        }
    }

    /** s (1 - s) for a sigmoid output s. */
    public static INDArray sigmoidDerivative(INDArray s) {
        return s.rsub(1.0).muli(s);
    }

    /**
     * Writes a step's new state {@code sNew} (consumed) into {@code s}, carrying {@code sPrev} on masked rows, and,
     * unless {@code y} is null, the step output (0 on masked rows). {@code mask}: [B, 1] of 0/1, or null.
     */
    static void writeStep(INDArray sNew, INDArray sPrev, INDArray s, INDArray y, INDArray mask) {
        if (mask == null) {
            s.assign(sNew);
            if (y != null) {
                y.assign(sNew);
            }
            return;
        }
        if (y != null) {
            y.assign(sNew.mulColumnVector(mask));
        }
        s.assign(sNew.subi(sPrev).muliColumnVector(mask).addi(sPrev));
    }
}
