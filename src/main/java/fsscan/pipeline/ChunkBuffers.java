package fsscan.pipeline;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Chunk arrays handed back by parsers for the reader to fill again, so reading allocates (and the
 * JVM zeroes) no new chunk-sized array per chunk. Ownership moves with the array: the reader owns it
 * until it sends the chunk, the parser until it gives it back here, after which it never touches
 * it again. At most chunks-in-flight + 1 arrays exist.
 */
public final class ChunkBuffers {

    private final int size;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final fsscan.scan.GroupBuffers groups = new fsscan.scan.GroupBuffers();

    public ChunkBuffers(int size) {
        this.size = size;
    }

    /** The import's pool of parsed group columns, passed from the parsers to the accumulator and back. */
    fsscan.scan.GroupBuffers groups() {
        return groups;
    }

    byte[] take() {
        byte[] b = free.poll();
        return b != null ? b : new byte[size];
    }

    /** Gives an array back; arrays of another size (the last chunk, an overlong line's start) are dropped. */
    void giveBack(byte[] b) {
        if (b.length == size) {
            free.add(b);
        }
    }
}
