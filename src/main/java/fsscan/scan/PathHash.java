package fsscan.scan;

import java.security.SecureRandom;

/**
 * A 128-bit hash of a directory path's bytes, eight bytes a step, two independent halves from
 * random starting values chosen when the JVM starts: nobody can choose names that collide on
 * purpose, and the accumulator checks the last component's name as well. The paths are canonical,
 * as the parser makes them (one {@code /} between components; a trailing {@code /} is left out
 * here, so {@code /a/b/} is {@code /a/b}, and {@code /} is the empty path). {@link #of} gives a
 * path's hash and its parent's in one pass: the parsers hash every path of a chunk (in parallel),
 * the accumulator finds a path's directory with one probe by it and its parent by the other.
 * Never written anywhere: the databases do not depend on it.
 */
public final class PathHash {

    private static final long SEED1;
    private static final long SEED2;
    private static final long SEED3;
    /** The hash of "/", the empty path. */
    public static final long ROOT1;
    public static final long ROOT2;

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x100000001b3L * 0x9E3779B1L | 1;
    private static final long M2 = 0x9E3779B97F4A7C15L;

    static {
        SecureRandom r = new SecureRandom();
        SEED1 = r.nextLong();
        SEED2 = r.nextLong();
        SEED3 = r.nextLong();
        ROOT1 = final1(SEED1, 0);
        ROOT2 = final2(SEED2, 0);
    }

    private PathHash() {
    }

    /** The bytes {@code p[i, i + n)}, {@code n} from 1 to 8, as one little-endian word (zeros above). */
    private static long word(byte[] p, int i, int n) {
        if (i + 8 <= p.length) {
            long w = (long) LONGS.get(p, i);
            return n == 8 ? w : w & (1L << (8 * n)) - 1;
        }
        long w = 0;
        for (int k = n - 1; k >= 0; k--) {
            w = w << 8 | (p[i + k] & 0xff);
        }
        return w;
    }

    private static long step1(long h, long w) {
        return Long.rotateLeft((h ^ w) * M1, 29);
    }

    private static long step2(long h, long w) {
        return Long.rotateLeft((h + w) * M2, 31);
    }

    private static long final1(long h, int len) {
        h = (h ^ len ^ 0x2f00) * M1;
        return h ^ h >>> 32;
    }

    private static long final2(long h, int len) {
        h = Long.rotateLeft((h + len + 0x2f00) * M2, 31);
        return h ^ h >>> 29;
    }

    /** Both halves of the path {@code p[start, end)}: {@code out[0]} and {@code out[1]}. */
    public static void range(byte[] p, int start, int end, long[] out) {
        end = trimEnd(p, start, end);
        out[0] = SEED1;
        out[1] = SEED2;
        finish(p, words(p, start, end, out), end, end - start, out, 0);
    }

    /**
     * Both halves of the path {@code p[start, end)}, {@code out[0]} and {@code out[1]}, and of its
     * parent (the path up to its last {@code /}; for "/", "/" itself), {@code out[2]} and {@code out[3]}.
     */
    public static void of(byte[] p, int start, int end, long[] out) {
        end = trimEnd(p, start, end);
        int parentEnd = trimEnd(p, start, componentStart(p, start, end));
        out[0] = SEED1;
        out[1] = SEED2;
        // The whole words before the parent's end serve both; the parent is finished from there.
        int i = words(p, start, parentEnd, out);
        finish(p, i, parentEnd, parentEnd - start, out, 2);
        finish(p, words(p, i, end, out), end, end - start, out, 0);
    }

    /**
     * The hashes of {@code count} prefixes of the path from {@code start}: prefix k ends at
     * {@code ends[k]} (ascending, none with a trailing slash), its halves go to
     * {@code out1[k + 1]} and {@code out2[k + 1]}. The whole words of the longest are hashed once,
     * not once a prefix; {@code scratch} holds four longs.
     */
    public static void prefixes(byte[] p, int start, int[] ends, int count, long[] out1, long[] out2, long[] scratch) {
        scratch[0] = SEED1;
        scratch[1] = SEED2;
        int i = start;
        for (int k = 0; k < count; k++) {
            int end = ends[k];
            i = words(p, i, end, scratch);
            finish(p, i, end, end - start, scratch, 2);
            out1[k + 1] = scratch[2];
            out2[k + 1] = scratch[3];
        }
    }

    /** Steps the two halves in {@code h[0]} and {@code h[1]} over the whole words of {@code p[i, end)}; returns where they stop. */
    private static int words(byte[] p, int i, int end, long[] h) {
        long h1 = h[0];
        long h2 = h[1];
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(p, i);
            h1 = step1(h1, w);
            h2 = step2(h2, w);
        }
        h[0] = h1;
        h[1] = h2;
        return i;
    }

    /**
     * The hash of a path of {@code len} bytes whose halves so far are {@code h[0]} and {@code h[1]}
     * and whose last bytes, fewer than eight, are {@code p[i, end)}, into {@code h[k]} and {@code h[k + 1]}.
     */
    private static void finish(byte[] p, int i, int end, int len, long[] h, int k) {
        long h1 = h[0];
        long h2 = h[1];
        if (i < end) {
            long w = word(p, i, end - i);
            h1 = step1(h1, w);
            h2 = step2(h2, w);
        }
        h[k] = final1(h1, len);
        h[k + 1] = final2(h2, len);
    }

    /**
     * A name (one path component, {@code p[first, last)}) as one long: a name of fewer than
     * eight bytes exactly (its bytes, its length in the top byte; the empty name, the root's,
     * is 0), a longer one as 56 bits of a hash with a third random starting value, under a top
     * byte of all ones. Two names with the same long are the same name, or longer names whose
     * hashes collide by chance.
     */
    public static long name(byte[] p, int first, int last) {
        int len = last - first;
        if (len < 8) {
            return len == 0 ? 0 : word(p, first, len) | (long) len << 56;
        }
        long h = SEED3;
        int i = first;
        for (; i + 8 <= last; i += 8) {
            h = step1(h, (long) LONGS.get(p, i));
        }
        if (i < last) {
            h = step1(h, word(p, i, last - i));
        }
        return final1(h, len) | 0xFF00_0000_0000_0000L;
    }

    /**
     * The {@link #name} of the last component of path {@code p[start, end)} (trailing slashes
     * left out; the root's: 0).
     */
    public static long lastName(byte[] p, int start, int end) {
        int last = trimEnd(p, start, end);
        return name(p, componentStart(p, start, last), last);
    }

    /** The end of {@code p[start, end)} without its trailing slashes. */
    public static int trimEnd(byte[] p, int start, int end) {
        while (end > start && p[end - 1] == '/') {
            end--;
        }
        return end;
    }

    /** Where the component ending at {@code end} starts (end itself for none). */
    public static int componentStart(byte[] p, int start, int end) {
        int first = end;
        while (first > start && p[first - 1] != '/') {
            first--;
        }
        return first;
    }

    /** A slot index from the first half (its low bits alone are poor after a multiply). */
    public static int spread(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }
}
