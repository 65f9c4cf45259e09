package fsscan.scan;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PathHashTest {

    private static long[] of(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        long[] out = new long[4];
        PathHash.of(p, 0, p.length, out);
        return out;
    }

    private static long[] range(byte[] p, int start, int end) {
        long[] out = new long[2];
        PathHash.range(p, start, end, out);
        return out;
    }

    /**
     * The hash the parsers give a path and its parent in one pass is the hash the accumulator
     * computes of each alone when it makes a directory: names of every length around the
     * eight-byte steps, paths at the very end of their array, inside a larger one.
     */
    @Test
    void aPathAndItsParentHashAsEachAlone() {
        Random r = new Random(1);
        for (int t = 0; t < 20_000; t++) {
            StringBuilder b = new StringBuilder();
            int comps = 1 + r.nextInt(6);
            for (int c = 0; c < comps; c++) {
                b.append('/');
                int len = 1 + r.nextInt(19);
                for (int i = 0; i < len; i++) {
                    b.append((char) ('a' + r.nextInt(26)));
                }
            }
            int before = r.nextInt(3);
            int after = r.nextInt(3);
            byte[] path = b.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] p = new byte[before + path.length + after];
            System.arraycopy(path, 0, p, before, path.length);
            long[] whole = new long[4];
            PathHash.of(p, before, before + path.length, whole);
            int slash = b.lastIndexOf("/");
            long[] own = range(p, before, before + path.length);
            long[] parent = slash == 0 ? new long[] {PathHash.ROOT1, PathHash.ROOT2} : range(p, before, before + slash);
            assertArrayEquals(new long[] {own[0], own[1], parent[0], parent[1]}, whole, b.toString());
        }
    }

    /** Every prefix hashed in one pass (what the accumulator's walk from the root does) hashes as each alone. */
    @Test
    void prefixesHashAsEachAlone() {
        Random r = new Random(2);
        for (int t = 0; t < 5_000; t++) {
            StringBuilder b = new StringBuilder();
            int comps = 1 + r.nextInt(9);
            int[] ends = new int[comps];
            int before = r.nextInt(3);
            for (int c = 0; c < comps; c++) {
                b.append('/');
                int len = 1 + r.nextInt(19);
                for (int i = 0; i < len; i++) {
                    b.append((char) ('a' + r.nextInt(26)));
                }
                ends[c] = before + b.length();
            }
            byte[] path = b.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] p = new byte[before + path.length + r.nextInt(3)];
            System.arraycopy(path, 0, p, before, path.length);
            long[] out1 = new long[comps + 1];
            long[] out2 = new long[comps + 1];
            PathHash.prefixes(p, before, ends, comps, out1, out2, new long[4]);
            for (int c = 0; c < comps; c++) {
                long[] alone = range(p, before, ends[c]);
                assertEquals(alone[0], out1[c + 1], b.substring(0, ends[c] - before));
                assertEquals(alone[1], out2[c + 1], b.substring(0, ends[c] - before));
            }
        }
    }

    /**
     * A name's long: the same wherever the name lies; names of under eight bytes each their own
     * (every name of up to three bytes over a small alphabet, zero bytes included, none sharing
     * a long); longer names apart from shorter ones, and apart from each other.
     */
    @Test
    void namesAsOneLong() {
        byte[] alphabet = {'a', 'b', 0, (byte) 0xC3, '.'};
        java.util.Map<Long, String> seen = new java.util.HashMap<>();
        java.util.List<byte[]> names = new java.util.ArrayList<>();
        names.add(new byte[0]);
        for (int len = 1; len <= 3; len++) {
            int count = (int) Math.pow(alphabet.length, len);
            for (int c = 0; c < count; c++) {
                byte[] n = new byte[len];
                for (int k = 0, v = c; k < len; k++, v /= alphabet.length) {
                    n[k] = alphabet[v % alphabet.length];
                }
                names.add(n);
            }
        }
        Random r = new Random(3);
        for (int t = 0; t < 2_000; t++) {
            byte[] n = new byte[4 + r.nextInt(40)];
            for (int k = 0; k < n.length; k++) {
                n[k] = (byte) ('a' + r.nextInt(26));
            }
            names.add(n);
        }
        for (byte[] n : names) {
            int before = r.nextInt(9);
            byte[] p = new byte[before + n.length + r.nextInt(9)];
            System.arraycopy(n, 0, p, before, n.length);
            long key = PathHash.name(p, before, before + n.length);
            assertEquals(key, PathHash.name(n, 0, n.length), "wherever it lies");
            String text = java.util.Arrays.toString(n);
            String other = seen.putIfAbsent(key, text);
            if (other != null) {
                assertEquals(other, text, "two names with one long");
            }
        }
        assertEquals(0, PathHash.name(new byte[0], 0, 0), "the root's name");
    }

    /**
     * The name long of a path's last component, as the parsers send it with each path: the name
     * between the last two slashes, trailing slashes left out, the root's empty; the same in a
     * parsed chunk's path list as computed from the bytes.
     */
    @Test
    void aPathsLastNameIsItsLastComponent() {
        byte[] p = "x/g/fs/project-alpha/".getBytes(StandardCharsets.US_ASCII);
        long alpha = PathHash.name("project-alpha".getBytes(StandardCharsets.US_ASCII), 0, 13);
        assertEquals(alpha, PathHash.lastName(p, 1, p.length));
        assertEquals(alpha, PathHash.lastName(p, 1, p.length - 1));
        assertEquals(PathHash.name("fs".getBytes(StandardCharsets.US_ASCII), 0, 2), PathHash.lastName(p, 1, 6));
        assertEquals(0, PathHash.lastName(p, 1, 2), "the root");
        PathList.Builder b = new PathList.Builder(64, 4);
        b.add(p, 1, p.length - 1);
        b.add(p, 1, 6);
        b.add(p, 1, 2);
        PathList hashed = b.build().hashed();
        PathList plain = b.build();
        for (int i = 0; i < 3; i++) {
            assertEquals(plain.nameKey(i), hashed.nameKey(i));
        }
        assertEquals(alpha, hashed.nameKey(0));
        assertNotEquals(hashed.nameKey(0), hashed.nameKey(1));
    }

    @Test
    void theRootIsTheEmptyPathAndATrailingSlashIsLeftOut() {
        long[] root = of("/");
        assertEquals(PathHash.ROOT1, root[0]);
        assertEquals(PathHash.ROOT2, root[1]);
        assertEquals(PathHash.ROOT1, root[2], "the parent of / is /");
        long[] a = of("/a");
        assertEquals(PathHash.ROOT1, a[2], "the parent of /a is /");
        assertArrayEquals(of("/a/b"), of("/a/b/"));
        assertEquals(of("/a/b")[2], a[0]);
    }

    /** A name and the same name followed by a zero byte (the padding of a short step) differ. */
    @Test
    void theLengthCounts() {
        byte[] a = {'/', 'a', 'b'};
        byte[] b = {'/', 'a', 'b', 0};
        assertNotEquals(range(a, 0, 3)[0], range(b, 0, 4)[0]);
        assertNotEquals(range(a, 0, 3)[1], range(b, 0, 4)[1]);
    }
}
