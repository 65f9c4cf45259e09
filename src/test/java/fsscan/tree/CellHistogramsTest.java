package fsscan.tree;

import fsscan.scan.Buckets;
import fsscan.scan.FileGroups;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellHistogramsTest {

    private static final int AGES = Buckets.AGE_LABELS.size();
    private static final int SIZES = Buckets.SIZE_LABELS.size();

    /**
     * Every bucket of every cell, added in a random order (a bucket at a time, or an age and a
     * size bucket for one file) with renumberings between, against plain arrays.
     */
    @Test
    void addsLandInTheirBucketWhateverTheOrderAndTheRenumberings() {
        Random rnd = new Random(7);
        int cells = 3_000;
        long[][] files = new long[cells][AGES + SIZES];
        long[][] bytes = new long[cells][AGES + SIZES];
        CellHistograms h = new CellHistograms();
        // ids[c]: the histograms' number of reference cell c, changed by each reorder.
        int[] ids = new int[cells];
        for (int c = 0; c < cells; c++) {
            ids[c] = c;
        }
        int reorders = 0;
        for (int step = 0; step < 200_000; step++) {
            int c = rnd.nextInt(cells);
            // Cells fill to every number of buckets, up to all 22 of them.
            int spread = 1 + c % (AGES + SIZES);
            int b = rnd.nextInt(spread);
            int key = b < AGES ? b : FileGroups.SIZE_KEY + b - AGES;
            long f = 1 + rnd.nextInt(3);
            long by = rnd.nextInt(1 << 20) * (long) (1 + rnd.nextInt(1 << 20));
            if (spread > AGES && rnd.nextInt(3) == 0) {
                // One file in an age bucket and a size bucket at once, as a group of one file comes.
                int age = rnd.nextInt(AGES);
                int size = AGES + rnd.nextInt(spread - AGES);
                h.addOneFile(ids[c], age << 8 | (FileGroups.SIZE_KEY + size - AGES), by);
                files[c][age]++;
                bytes[c][age] += by;
                files[c][size]++;
                bytes[c][size] += by;
            } else {
                h.add(ids[c], key, f, by);
                files[c][b] += f;
                bytes[c][b] += by;
            }
            if (step % 37_000 == 36_999) {
                // New cell n is old cell oldOf[n]: a shuffle.
                int[] oldOf = new int[cells];
                for (int n = 0; n < cells; n++) {
                    oldOf[n] = n;
                }
                for (int n = cells - 1; n > 0; n--) {
                    int j = rnd.nextInt(n + 1);
                    int t = oldOf[n];
                    oldOf[n] = oldOf[j];
                    oldOf[j] = t;
                }
                int[] newOf = new int[cells];
                for (int n = 0; n < cells; n++) {
                    newOf[oldOf[n]] = n;
                }
                int before = h.blocks();
                h.reorder(oldOf, cells);
                assertEquals(before, h.blocks(), "a reorder keeps the slots in use");
                for (int r = 0; r < cells; r++) {
                    ids[r] = newOf[ids[r]];
                }
                reorders++;
            }
        }
        assertEquals(5, reorders);
        // The rooms cells left when they moved were taken again: what is in use is each cell's room.
        int inUse = 0;
        for (int c = 0; c < cells; c++) {
            int n = 0;
            for (long f : files[c]) {
                n += f != 0 ? 1 : 0;
            }
            inUse += n <= 1 ? n : Integer.highestOneBit(n - 1) << 1;
        }
        assertEquals(inUse, h.blocks());
        assertTrue(h.heapBytes() < 8L * 4096 + 8L * cells + 16L * 2 * inUse, "the pool holds about the slots in use: " + h.heapBytes());
        for (int c = 0; c < cells; c++) {
            byte[][] enc = encode(h, ids[c]);
            assertArrayEquals(Buckets.encode(slice(files[c], 0, AGES), slice(bytes[c], 0, AGES)), enc[0], "age, cell " + c);
            assertArrayEquals(Buckets.encode(slice(files[c], AGES, SIZES), slice(bytes[c], AGES, SIZES)), enc[1],
                    "size, cell " + c);
        }
    }

    /** Cells filled one after another: each takes the rooms the one before left when it grew. */
    @Test
    void aRoomACellLeavesIsTakenByTheNext() {
        CellHistograms h = new CellHistograms();
        int cells = 500;
        for (int c = 0; c < cells; c++) {
            for (int b = 0; b < AGES + SIZES; b++) {
                h.add(c, b < AGES ? b : FileGroups.SIZE_KEY + b - AGES, 1, b);
            }
        }
        // 22 buckets take a room of 32; on the way a cell had rooms of 1, 2, 4, 8 and 16 (31 slots).
        assertEquals(32 * cells, h.blocks());
        assertEquals(32 * cells + 31, h.poolSlots());
        long[] f = new long[SIZES];
        long[] b = new long[SIZES];
        for (int k = 0; k < SIZES; k++) {
            f[k] = 1;
            b[k] = AGES + k;
        }
        assertArrayEquals(Buckets.encode(f, b), encode(h, cells - 1)[1]);
    }

    @Test
    void aCellNeverAddedToHasEmptyHistograms() {
        CellHistograms h = new CellHistograms();
        h.add(5, 3, 1, 10);
        assertEquals(0, encode(h, 4)[0].length);
        assertEquals(0, encode(h, 1 << 20)[1].length);
        long[] f = new long[AGES];
        long[] b = new long[AGES];
        f[3] = 1;
        b[3] = 10;
        assertArrayEquals(Buckets.encode(f, b), encode(h, 5)[0]);
    }

    private static long[] slice(long[] a, int from, int n) {
        return java.util.Arrays.copyOfRange(a, from, from + n);
    }

    /** One buffer for every cell a test encodes, as the writers reuse theirs: a cell must not see the one before it. */
    private final EncodedHistograms scratch = new EncodedHistograms();

    private byte[][] encode(CellHistograms h, int cell) {
        h.encode(cell, scratch);
        return new byte[][] {scratch.age(), scratch.size()};
    }
}
