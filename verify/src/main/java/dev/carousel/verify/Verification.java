package dev.carousel.verify;

import dev.carousel.spec.DType;

/**
 * One row of {@code carousel verify}: a case run by an implementation in a dtype, compared with the case's
 * expected arrays.
 *
 * @param caseName      the case (its folder's name)
 * @param time          the case's T (chooses the float32 tolerance); 0 when the case could not be read
 * @param implementation the implementation's name ("-" when the case could not be read)
 * @param dtype         the dtype asked for (null when the case could not be read)
 * @param forwardError  the largest relative error over y, h_n, c_n (NaN when not computed)
 * @param gradientError the largest relative error over the grad_ arrays (NaN when not computed)
 * @param worstGradient the grad_ array with that error (null when not computed)
 * @param tolerance     the tolerance applied (NaN when none applies)
 * @param verdict       PASS, FAIL, SKIP or ERROR
 * @param note          why it failed, was skipped or is an error; empty for a pass
 */
public record Verification(String caseName, int time, String implementation, DType dtype, double forwardError,
                           double gradientError, String worstGradient, double tolerance, Verdict verdict,
                           String note) {

    /** Whether this row makes {@code verify} exit non-zero. */
    public boolean isFailure() {
        return verdict == Verdict.FAIL || verdict == Verdict.ERROR;
    }
}
