package fsscan.scan;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PathHashTest {

    /**
     * The hash of a whole path, as the parsers compute it, is the hash the accumulator reaches by
     * extending a parent's hash component by component when it makes a directory: names of every
     * length around the eight-byte steps, empty components, paths at the end of their array.
     */
    @Test
    void aWholePathHashesAsItsComponentsStepByStep() {
        Random r = new Random(1);
        long[] whole = new long[4];
        for (int t = 0; t < 20_000; t++) {
            int len = 1 + r.nextInt(70);
            byte[] p = new byte[len + r.nextInt(3)];
            for (int i = 0; i < p.length; i++) {
                p[i] = (byte) (r.nextInt(5) == 0 ? '/' : 'a' + r.nextInt(26));
            }
            PathHash.of(p, 0, len, whole);
            long h1 = PathHash.ROOT1;
            long h2 = PathHash.ROOT2;
            long p1 = h1;
            long p2 = h2;
            int pos = 0;
            while (pos < len) {
                while (pos < len && p[pos] == '/') {
                    pos++;
                }
                if (pos >= len) {
                    break;
                }
                int end = pos;
                while (end < len && p[end] != '/') {
                    end++;
                }
                p1 = h1;
                p2 = h2;
                h1 = PathHash.step1(h1, p, pos, end);
                h2 = PathHash.step2(h2, p, pos, end);
                pos = end;
            }
            assertArrayEquals(new long[] {h1, h2, p1, p2}, whole, new String(p, 0, len, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** A name and the same name followed by a zero byte (the padding of a short step) differ. */
    @Test
    void theNameLengthCounts() {
        byte[] a = {'/', 'a', 'b'};
        byte[] b = {'/', 'a', 'b', 0};
        long[] ha = new long[4];
        long[] hb = new long[4];
        PathHash.of(a, 0, a.length, ha);
        PathHash.of(b, 0, b.length, hb);
        assertNotEquals(ha[0], hb[0]);
        assertNotEquals(ha[1], hb[1]);
    }
}
