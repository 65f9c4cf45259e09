package fsscan.scan;

import java.util.Arrays;

/** Many byte strings packed in one array: compact to build, cheap to send in a message. */
public final class PathList {

    private final byte[] bytes;
    private final int[] ends;
    private final int size;
    /** Each path's {@link PathHash}, then its parent's: four longs a path; null until {@link #hashed()}. */
    private final long[] hashes;
    /** Each path's last component as {@link PathHash#lastName} gives it; null until {@link #hashed()}. */
    private final long[] names;

    private PathList(byte[] bytes, int[] ends, int size) {
        this(bytes, ends, size, null, null);
    }

    private PathList(byte[] bytes, int[] ends, int size, long[] hashes, long[] names) {
        this.bytes = bytes;
        this.ends = ends;
        this.size = size;
        this.hashes = hashes;
        this.names = names;
    }

    /**
     * The same paths with their {@link PathHash}es and their last components' name longs (the
     * parser computes them; the accumulator probes by the hashes and checks the names).
     */
    public PathList hashed() {
        long[] h = new long[size * 4];
        long[] n = new long[size];
        long[] one = new long[4];
        for (int i = 0; i < size; i++) {
            PathHash.of(bytes, start(i), end(i), one);
            System.arraycopy(one, 0, h, 4 * i, 4);
            n[i] = PathHash.lastName(bytes, start(i), end(i));
        }
        return new PathList(bytes, ends, size, h, n);
    }

    /**
     * The same paths with these hashes of their own, two longs a path, and their parents' true
     * hashes (tests: a collision made on purpose).
     */
    public PathList withHashes(long[] h) {
        if (h.length != size * 2) {
            throw new IllegalArgumentException("two hashes a path");
        }
        PathList hashed = hashed();
        long[] all = hashed.hashes;
        for (int i = 0; i < size; i++) {
            all[4 * i] = h[2 * i];
            all[4 * i + 1] = h[2 * i + 1];
        }
        return new PathList(bytes, ends, size, all, hashed.names);
    }

    public boolean hasHashes() {
        return hashes != null;
    }

    /** The hashes of paths {@code [from, to)}, four longs a path as {@link #hashed()} makes them, into {@code dst} from {@code at}. */
    public void copyHashes(int from, int to, long[] dst, int at) {
        System.arraycopy(hashes, 4 * from, dst, at, 4 * (to - from));
    }

    // The arrays themselves, for GroupBuffers to take back: they may be longer than the paths.
    long[] hashArray() {
        return hashes;
    }

    long[] nameArray() {
        return names;
    }

    int[] endArray() {
        return ends;
    }

    public long hash1(int i) {
        return hashes[4 * i];
    }

    public long hash2(int i) {
        return hashes[4 * i + 1];
    }

    /** The first half of the hash of path i's parent (of "/": "/"). */
    public long parentHash1(int i) {
        return hashes[4 * i + 2];
    }

    public long parentHash2(int i) {
        return hashes[4 * i + 3];
    }

    /** Path i's last component as {@link PathHash#lastName} gives it. */
    public long nameKey(int i) {
        return names != null ? names[i] : PathHash.lastName(bytes, start(i), end(i));
    }

    public int size() {
        return size;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    public int end(int i) {
        return ends[i];
    }

    public String text(int i) {
        return new String(bytes, start(i), end(i) - start(i), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Appends byte strings; {@link #build()} copies them out, {@link #clear()} starts again in the same arrays. */
    public static final class Builder {
        private byte[] bytes;
        private int[] ends;
        private int size;
        private int used;

        public Builder(int expectedBytes, int expectedCount) {
            bytes = new byte[Math.max(16, expectedBytes)];
            ends = new int[Math.max(4, expectedCount)];
        }

        public int add(byte[] src, int start, int end) {
            int len = end - start;
            if (used + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(used + len, bytes.length * 2));
            }
            System.arraycopy(src, start, bytes, used, len);
            used += len;
            if (size == ends.length) {
                ends = Arrays.copyOf(ends, Math.max(4, size * 2));
            }
            ends[size] = used;
            return size++;
        }

        public int size() {
            return size;
        }

        public void clear() {
            size = 0;
            used = 0;
        }

        public byte[] bytes() {
            return bytes;
        }

        public int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        public int end(int i) {
            return ends[i];
        }

        public PathList build() {
            return new PathList(Arrays.copyOf(bytes, used), Arrays.copyOf(ends, size), size);
        }

        /**
         * The paths with their {@link PathHash}es and name longs already computed, as
         * {@link #hashed()} makes them: four longs a path, one.
         */
        public PathList build(long[] hashes, long[] names) {
            return new PathList(Arrays.copyOf(bytes, used), Arrays.copyOf(ends, size), size, Arrays.copyOf(hashes, 4 * size),
                    Arrays.copyOf(names, size));
        }

        /**
         * The paths as {@link #build(long[], long[])} makes them, but in this builder's own arrays and
         * the given hashes and names, none copied (each may be longer than the paths): the list owns
         * them now. The builder goes on empty, in {@code nextBytes} and {@code nextEnds}.
         */
        PathList handOver(long[] hashes, long[] names, byte[] nextBytes, int[] nextEnds) {
            PathList list = new PathList(bytes, ends, size, hashes, names);
            bytes = nextBytes;
            ends = nextEnds;
            clear();
            return list;
        }
    }
}
