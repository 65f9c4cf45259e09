package fsscan.scan;

import java.security.SecureRandom;

/**
 * A 128-bit hash of a directory path by its components (empty ones skipped, so {@code /a//b/} is
 * {@code /a/b}), computed component by component: the hash of {@code /a/b} is {@link #step1} and
 * {@link #step2} of the hash of {@code /a} with {@code b}. The parsers hash every path of a chunk
 * (in parallel); the accumulator finds a path's directory with one probe by it, and extends the
 * hash of a parent to its new child when it creates one. Both halves start from random values
 * chosen when the JVM starts: nobody can choose names that collide on purpose, and the
 * accumulator checks the last component's name as well. Never written anywhere: the databases do
 * not depend on it.
 */
public final class PathHash {

    public static final long ROOT1;
    public static final long ROOT2;

    static {
        SecureRandom r = new SecureRandom();
        ROOT1 = r.nextLong();
        ROOT2 = r.nextLong();
    }

    private PathHash() {
    }

    /** The first half of the hash of a child called {@code p[start..end)} of a directory whose first half is {@code h}. */
    public static long step1(long h, byte[] p, int start, int end) {
        for (int i = start; i < end; i++) {
            h = (h ^ (p[i] & 0xff)) * 0x100000001b3L;
        }
        return (h ^ 0x2f) * 0x100000001b3L;
    }

    /** The second half, by another multiplier and a rotation: independent of the first. */
    public static long step2(long h, byte[] p, int start, int end) {
        for (int i = start; i < end; i++) {
            h = Long.rotateLeft((h + (p[i] & 0xff)) * 0x9E3779B97F4A7C15L, 31);
        }
        return Long.rotateLeft((h + 0x2f) * 0x9E3779B97F4A7C15L, 31);
    }

    /** Both halves of a whole path, {@code out[0]} and {@code out[1]}. */
    public static void of(byte[] p, int start, int end, long[] out) {
        long h1 = ROOT1;
        long h2 = ROOT2;
        int pos = start;
        while (pos < end) {
            while (pos < end && p[pos] == '/') {
                pos++;
            }
            if (pos >= end) {
                break;
            }
            int compEnd = pos;
            while (compEnd < end && p[compEnd] != '/') {
                compEnd++;
            }
            h1 = step1(h1, p, pos, compEnd);
            h2 = step2(h2, p, pos, compEnd);
            pos = compEnd;
        }
        out[0] = h1;
        out[1] = h2;
    }

    /** A slot index from the first half (its low bits alone are poor after FNV's multiply). */
    public static int spread(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }
}
