package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.TestCase;
import java.util.Set;

/**
 * A registered implementation (test services file) whose constructor fails, as an adapter whose native engine is
 * missing would: discovery must skip it and keep the others.
 */
public final class UnconstructibleImplementation implements RecurrentImplementation {
    public UnconstructibleImplementation() {
        throw new IllegalStateException("no native engine in this test");
    }

    @Override
    public String name() {
        return "unconstructible";
    }

    @Override
    public Set<DType> dtypes() {
        return Set.of(DType.FLOAT64);
    }

    @Override
    public Result run(TestCase testCase, DType dtype) {
        throw new AssertionError("never constructed");
    }
}
