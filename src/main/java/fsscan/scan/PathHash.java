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

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x100000001b3L * 0x9E3779B1L | 1;
    private static final long M2 = 0x9E3779B97F4A7C15L;

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

    /**
     * The first half of the hash of a child called {@code p[start..end)} of a directory whose first
     * half is {@code h}: eight bytes a step, then the name's length.
     */
    public static long step1(long h, byte[] p, int start, int end) {
        for (int i = start; i < end; i += 8) {
            h = Long.rotateLeft((h ^ word(p, i, Math.min(8, end - i))) * M1, 29);
        }
        h = (h ^ (end - start) ^ 0x2f00) * M1;
        return h ^ h >>> 32;
    }

    /** The second half, by another multiplier, addition and rotation: independent of the first. */
    public static long step2(long h, byte[] p, int start, int end) {
        for (int i = start; i < end; i += 8) {
            h = Long.rotateLeft((h + word(p, i, Math.min(8, end - i))) * M2, 31);
        }
        h = Long.rotateLeft((h + (end - start) + 0x2f00) * M2, 31);
        return h ^ h >>> 29;
    }

    /**
     * Both halves of a whole path, {@code out[0]} and {@code out[1]}, and of its parent (the path
     * less its last component; for "/", "/" itself), {@code out[2]} and {@code out[3]}.
     */
    public static void of(byte[] p, int start, int end, long[] out) {
        long h1 = ROOT1;
        long h2 = ROOT2;
        long p1 = ROOT1;
        long p2 = ROOT2;
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
            p1 = h1;
            p2 = h2;
            // step1 and step2 in one pass over the component's words.
            for (int i = pos; i < compEnd; i += 8) {
                long w = word(p, i, Math.min(8, compEnd - i));
                h1 = Long.rotateLeft((h1 ^ w) * M1, 29);
                h2 = Long.rotateLeft((h2 + w) * M2, 31);
            }
            int len = compEnd - pos;
            h1 = (h1 ^ len ^ 0x2f00) * M1;
            h1 ^= h1 >>> 32;
            h2 = Long.rotateLeft((h2 + len + 0x2f00) * M2, 31);
            h2 ^= h2 >>> 29;
            pos = compEnd;
        }
        out[0] = h1;
        out[1] = h2;
        if (out.length > 2) {
            out[2] = p1;
            out[3] = p2;
        }
    }

    /** A slot index from the first half (its low bits alone are poor after FNV's multiply). */
    public static int spread(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }
}
