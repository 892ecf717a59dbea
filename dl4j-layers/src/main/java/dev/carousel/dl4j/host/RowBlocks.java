package dev.carousel.dl4j.host;

/**
 * A minibatch of {@code batch} rows cut into {@code count} contiguous blocks of near-equal size (block i holds rows
 * [i*batch/count, (i+1)*batch/count)). The recurrences of different examples do not interact, so the time loops
 * run each block through all time steps on its own thread ({@link HostThreads#run}).
 */
public final class RowBlocks {
    private final int batch;
    private final int count;

    public RowBlocks(int batch, int count) {
        if (batch < 1 || count < 1 || count > batch) {
            throw new IllegalArgumentException("row blocks need 1 <= count <= batch, got count " + count
                    + " for batch " + batch);
        }
        this.batch = batch;
        this.count = count;
    }

    public int batch() {
        return batch;
    }

    public int count() {
        return count;
    }

    /** The first row of block i. */
    public int start(int i) {
        return (int) ((long) i * batch / count);
    }

    /** The rows of block i. */
    public int size(int i) {
        return start(i + 1) - start(i);
    }
}
