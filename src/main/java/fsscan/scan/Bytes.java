package fsscan.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte scans that read eight bytes at a time (SWAR), for the parser's hot loops. */
final class Bytes {

    /** Eight bytes of an array as one long, the first in the lowest byte. */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final long ONES = 0x0101010101010101L;
    static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long DASHES = 0x2D2D2D2D2D2D2D2DL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long TABS = 0x0909090909090909L;

    private Bytes() {
    }

    /**
     * Each byte of {@code x} that is 0 as 0x80, the others 0, but for a byte of 1 right above a
     * flagged one, which the borrow flags too: the lowest flagged byte is always a real 0, and
     * the word is 0 exactly when no byte is. The word scans' one test (xor a pattern first).
     */
    static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** Index of the first '\n' in {@code b[from, to)}, or -1. */
    static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = zeroBytes(x);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index of the first ' ' or '\t' in {@code b[from, to)}, or {@code to}: the end of a line's
     * token. Eight bytes at a time: a byte loop mispredicts its exit at every token, a dozen a line.
     */
    static int tokenEnd(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            // Each test's lowest flagged byte is a real match (a borrow flags only bytes above one).
            long found = zeroBytes(w ^ SPACES) | zeroBytes(w ^ TABS);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        while (i < to && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    /**
     * Index of the first " -- " in {@code b[from, to)}, or -1. Looks for two '-' side by side,
     * eight bytes at a time: the dates before the separator have single dashes only, so nearly
     * every line has one candidate to check, the separator itself.
     */
    static int separator(byte[] b, int from, int to) {
        int i = from;
        // Steps of 7: a pair that starts on a read's last byte is the next read's first.
        for (; i + 8 <= to; i += 7) {
            long x = (long) LONGS.get(b, i) ^ DASHES;
            long dash = zeroBytes(x); // every '-' (and a few others above one: checked below)
            long pair = dash & (dash >>> 8);
            while (pair != 0) {
                int k = i + (Long.numberOfTrailingZeros(pair) >>> 3);
                if (k - 1 >= from && k + 2 < to && b[k - 1] == ' ' && b[k] == '-' && b[k + 1] == '-' && b[k + 2] == ' ') {
                    return k - 1;
                }
                pair &= pair - 1;
            }
        }
        for (int s = Math.max(from, i - 2); s + 3 < to; s++) {
            if (b[s] == ' ' && b[s + 1] == '-' && b[s + 2] == '-' && b[s + 3] == ' ') {
                return s;
            }
        }
        return -1;
    }
}
