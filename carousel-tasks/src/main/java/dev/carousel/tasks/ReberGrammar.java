package dev.carousel.tasks;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Reber grammar (Reber 1967; Cleeremans, Servan-Schreiber &amp; McClelland 1989) as used by Hochreiter &amp;
 * Schmidhuber 1997, Exp. 1. Alphabet {@code B T P S X V E} (indices 0–6). The graph, with each outgoing edge taken
 * with probability 1/2:
 *
 * <pre>
 *   0 –B→ 1
 *   1 –T→ 2 | –P→ 3
 *   2 –S→ 2 | –X→ 4
 *   3 –T→ 3 | –V→ 5
 *   4 –X→ 3 | –S→ 6
 *   5 –P→ 4 | –V→ 6
 *   6 –E→ end
 * </pre>
 */
final class ReberGrammar {
    static final String ALPHABET = "BTPSXVE";
    static final int B = 0;
    static final int T = 1;
    static final int P = 2;
    static final int S = 3;
    static final int X = 4;
    static final int V = 5;
    static final int E = 6;

    /** EDGES[state] = {symbol, next state, symbol, next state}; next state −1 is the end. */
    private static final int[][] EDGES = {
            {B, 1},
            {T, 2, P, 3},
            {S, 2, X, 4},
            {T, 3, V, 5},
            {X, 3, S, 6},
            {P, 4, V, 6},
            {E, -1},
    };

    private ReberGrammar() {
    }

    /**
     * Walks the graph from state 0 to the end, appending each emitted symbol to {@code symbols} and, before it, the
     * set of symbols legal at that point to {@code legal} (as a 7-wide boolean row).
     */
    static void walk(RandomGenerator rng, List<Integer> symbols, List<boolean[]> legal) {
        int state = 0;
        while (state >= 0) {
            int[] edges = EDGES[state];
            boolean[] allowed = new boolean[ALPHABET.length()];
            for (int e = 0; e < edges.length; e += 2) {
                allowed[edges[e]] = true;
            }
            legal.add(allowed);
            int choice = edges.length == 2 ? 0 : 2 * rng.nextInt(2);
            symbols.add(edges[choice]);
            state = edges[choice + 1];
        }
    }
}
