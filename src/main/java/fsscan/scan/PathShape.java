package fsscan.scan;

import static fsscan.scan.Bytes.HIGHS;
import static fsscan.scan.Bytes.LONGS;
import static fsscan.scan.Bytes.ONES;
import static fsscan.scan.Bytes.zeroBytes;

/**
 * What a path's bytes break of the input rules (docs/scan-format.md): a NUL byte, a {@code .} or
 * {@code ..} component, or only a repeated {@code /} that reads as one; and whether they are all
 * ASCII. One pass, no allocation.
 */
final class PathShape {

    static final int CLEAN = 0;
    static final int REPEATED_SLASH = 1;
    static final int DOT = 2;
    static final int NUL = 3;
    /** The bits of {@link #scan}'s answer that hold one of the shapes above. */
    static final int SHAPE = 3;
    /** Set in {@link #scan}'s answer when a byte is above 0x7F. */
    static final int NOT_ASCII = 4;

    private static final long SLASHES = 0x2F2F2F2F2F2F2F2FL;

    private PathShape() {
    }

    /** The worst of NUL, DOT and REPEATED_SLASH in {@code b[start,end)}, a path that starts with '/'. */
    static int check(byte[] b, int start, int end) {
        return scan(b, start, end) & SHAPE;
    }

    /**
     * {@link #check}'s shape, with {@link #NOT_ASCII} set when a byte is above 0x7F. Eight bytes
     * at a time while there is no NUL and no '/' followed by '/' or '.' (nearly every path has
     * neither), with no branch on the bytes themselves: a byte-at-a-time loop mispredicts its
     * branch at every '/', once a component. The rest of a path from the first word that has one
     * (a hidden directory's "/.") is read a byte at a time.
     */
    static int scan(byte[] b, int start, int end) {
        if (end - start < 9) {
            return rest(b, start, end, 0);
        }
        int i = start;
        long bytes = 0;
        // The second read, one byte on, holds each byte's successor in the same place: a pair
        // across two words is seen too.
        for (; i + 9 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            bytes |= w;
            if (odd(w, (long) LONGS.get(b, i + 1)) != 0) {
                return rest(b, i, end, bytes);
            }
        }
        // The last eight bytes (some read already): the last one has no successor, a 0 comes in.
        long w = (long) LONGS.get(b, end - 8);
        bytes |= w;
        if (odd(w, w >>> 8) != 0) {
            return rest(b, i, end, bytes);
        }
        return (bytes & HIGHS) != 0 ? NOT_ASCII : 0;
    }

    /**
     * Not 0 when word {@code w} has a NUL or a '/' whose successor (the same byte of {@code next})
     * is '/' or '.' (0x2F and 0x2E: one bit apart). The tests for a zero byte may also flag the
     * byte above a real one: here only a '.' above a '/' followed by '/' or '.', itself a pair.
     */
    private static long odd(long w, long next) {
        return zeroBytes(w) | zeroBytes(w ^ SLASHES) & zeroBytes((next | ONES) ^ SLASHES);
    }

    /** The shape of {@code b[from, end)} a byte at a time, and whether it and {@code bytes} are ASCII. */
    private static int rest(byte[] b, int from, int end, long bytes) {
        int shape = bytewise(b, from, end);
        for (int k = from; k < end; k++) {
            bytes |= b[k];
        }
        return shape | ((bytes & HIGHS) != 0 ? NOT_ASCII : 0);
    }

    /** {@link #check}, a byte at a time, from {@code start} (a pair that starts before it is not seen). */
    static int bytewise(byte[] b, int start, int end) {
        int shape = CLEAN;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == 0) {
                return NUL;
            }
            if (c != '/' || i + 1 >= end) {
                continue;
            }
            byte next = b[i + 1];
            if (next == '/') {
                shape = Math.max(shape, REPEATED_SLASH);
            } else if (next == '.') {
                int after = i + 2;
                if (after < end && b[after] == '.') {
                    after++;
                }
                if (after == end || b[after] == '/') {
                    shape = DOT;
                }
            }
        }
        return shape;
    }

    /** Rewrites every run of '/' in {@code b[start,end)} as one, in place; returns the new end. */
    static int collapseSlashes(byte[] b, int start, int end) {
        int o = start;
        for (int i = start; i < end; i++) {
            if (b[i] == '/' && o > start && b[o - 1] == '/') {
                continue;
            }
            b[o++] = b[i];
        }
        return o;
    }
}
