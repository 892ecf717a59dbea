package dev.carousel.tasks;

import java.util.Arrays;

/**
 * The initial bias of one kind of gate, per block, as printed in Table 10 of Hochreiter &amp; Schmidhuber 1997
 * (columns ogb, igb).
 *
 * @param kind   NONE: the gate has no bias (or the gate does not exist); RANDOM ("r"): initialised like the other
 *               weights, uniform in ±{@link Hs97Architecture#initHalfWidth()} (Table 10's legend says [−0.1, 0.1];
 *               for Exp. 1 the text says every other weight is in [−0.2, 0.2]); FIXED: {@code perBlock[j]} for
 *               block j
 * @param perBlock the fixed values, one per block (empty unless FIXED)
 */
public record GateBias(Kind kind, double[] perBlock) {

    public enum Kind { NONE, RANDOM, FIXED }

    public GateBias {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        perBlock = perBlock == null ? new double[0] : perBlock.clone();
        if ((kind == Kind.FIXED) != (perBlock.length > 0)) {
            throw new IllegalArgumentException("FIXED needs per-block values and only FIXED may have them; got "
                    + kind + " with " + perBlock.length + " values");
        }
    }

    public static GateBias none() {
        return new GateBias(Kind.NONE, null);
    }

    public static GateBias random() {
        return new GateBias(Kind.RANDOM, null);
    }

    public static GateBias fixed(double... perBlock) {
        return new GateBias(Kind.FIXED, perBlock);
    }

    @Override
    public double[] perBlock() {
        return perBlock.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GateBias g && g.kind == kind && Arrays.equals(g.perBlock, perBlock);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(perBlock);
    }

    /** As printed: "none", "r" or the comma-separated values. */
    @Override
    public String toString() {
        switch (kind) {
            case NONE: return "none";
            case RANDOM: return "r";
            default: {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < perBlock.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(perBlock[i]);
                }
                return sb.toString();
            }
        }
    }
}
