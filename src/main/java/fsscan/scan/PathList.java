package fsscan.scan;

import java.util.Arrays;

/** Many byte strings packed in one array: compact to build, cheap to send in a message. */
public final class PathList {

    private final byte[] bytes;
    private final int[] ends;
    private final int size;

    private PathList(byte[] bytes, int[] ends, int size) {
        this.bytes = bytes;
        this.ends = ends;
        this.size = size;
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

    /** Appends byte strings; {@link #build()} hands the arrays over and the builder is not used again. */
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
                ends = Arrays.copyOf(ends, size * 2);
            }
            ends[size] = used;
            return size++;
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

        public PathList build() {
            return new PathList(Arrays.copyOf(bytes, used), Arrays.copyOf(ends, size), size);
        }
    }
}
