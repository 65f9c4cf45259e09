package fsscan.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SLASHES = 0x2F2F2F2F2F2F2F2FL;
    private static final long DOTS = 0x2E2E2E2E2E2E2E2EL;

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
        int i = start;
        long bytes = 0;
        // The second read, one byte on, holds each byte's successor in the same place: a pair
        // across two words is seen too. The path's last eight bytes are left to the loop below.
        for (; i + 9 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long next = (long) LONGS.get(b, i + 1);
            bytes |= w;
            if ((zeros(w) | zeros(w ^ SLASHES) & (zeros(next ^ SLASHES) | zeros(next ^ DOTS))) != 0) {
                break;
            }
        }
        int shape = bytewise(b, i, end);
        for (int k = i; k < end; k++) {
            bytes |= b[k];
        }
        return shape | ((bytes & HIGHS) != 0 ? NOT_ASCII : 0);
    }

    /** Each byte of {@code x} that is 0 as 0x80, every other as 0 (exactly: no borrow between bytes). */
    private static long zeros(long x) {
        return ~(((x & LOWS) + LOWS) | x | LOWS);
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
