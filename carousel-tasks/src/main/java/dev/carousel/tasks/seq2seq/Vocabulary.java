package dev.carousel.tasks.seq2seq;

import java.util.Arrays;

/**
 * Token ids of a character-level seq2seq task: three special tokens, then one id per symbol character.
 *
 * <pre>
 *   0 = pad   (padding in batches; its positions are masked)
 *   1 = bos   (the decoder's first input y_0)
 *   2 = eos   (ends every target; decoding stops when it is produced)
 *   3 + i     = symbols.charAt(i)
 * </pre>
 *
 * The same vocabulary serves the source and the target side of a task (V_src = V_tgt = {@link #size()}).
 */
public final class Vocabulary {
    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    /** The id of the first symbol. */
    public static final int FIRST_SYMBOL = 3;

    private final String symbols;
    private final int[] idOfChar = new int[Character.MAX_VALUE + 1];

    /** @param symbols distinct characters, at least one */
    public Vocabulary(String symbols) {
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("a vocabulary needs at least one symbol, got "
                    + (symbols == null ? "null" : "\"\""));
        }
        Arrays.fill(idOfChar, -1);
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            if (idOfChar[c] >= 0) {
                throw new IllegalArgumentException("vocabulary symbols must be distinct, got '" + c + "' twice in \""
                        + symbols + "\"");
            }
            idOfChar[c] = FIRST_SYMBOL + i;
        }
        this.symbols = symbols;
    }

    /** V = 3 + the number of symbols. */
    public int size() {
        return FIRST_SYMBOL + symbols.length();
    }

    /** The symbol characters, in id order. */
    public String symbols() {
        return symbols;
    }

    public int padId() {
        return PAD;
    }

    public int bosId() {
        return BOS;
    }

    public int eosId() {
        return EOS;
    }

    /** The id of a symbol character. */
    public int id(char symbol) {
        int id = idOfChar[symbol];
        if (id < 0) {
            throw new IllegalArgumentException("'" + symbol + "' is not in the vocabulary \"" + symbols + "\"");
        }
        return id;
    }

    /** The symbol ids of {@code text} (no bos, no eos). */
    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(text.charAt(i));
        }
        return ids;
    }

    /** The symbol ids of {@code text} followed by eos: a target sequence. */
    public int[] encodeWithEos(String text) {
        int[] ids = Arrays.copyOf(encode(text), text.length() + 1);
        ids[text.length()] = EOS;
        return ids;
    }

    /** One token as text: its symbol, or {@code <pad>}, {@code <bos>}, {@code <eos>}. */
    public String token(int id) {
        checkId(id);
        switch (id) {
            case PAD: return "<pad>";
            case BOS: return "<bos>";
            case EOS: return "<eos>";
            default: return String.valueOf(symbols.charAt(id - FIRST_SYMBOL));
        }
    }

    /**
     * The text of a token sequence up to (not including) its first eos; pad and bos inside it are written
     * {@code <pad>} and {@code <bos>} (a decoded model output may contain them).
     */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == EOS) {
                break;
            }
            sb.append(token(id));
        }
        return sb.toString();
    }

    private void checkId(int id) {
        if (id < 0 || id >= size()) {
            throw new IllegalArgumentException("token id must be in [0, " + size() + "), got " + id);
        }
    }
}
