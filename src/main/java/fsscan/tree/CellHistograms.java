package fsscan.tree;

import fsscan.scan.Buckets;
import fsscan.scan.FileGroups;

import java.util.Arrays;

/**
 * The age and size histograms of each (directory, uid, gid) cell: only non-empty buckets, in
 * blocks of four entries chained per cell, each block nine longs side by side in one array (a
 * header with the four bucket keys and the next block, then four file counts and four byte
 * counts). Finding a cell's bucket reads one block for most cells instead of one scattered entry
 * per bucket, which is what lines in no directory order cost: every group lands on a cell
 * last touched long ago, out of cache.
 */
final class CellHistograms {

    private static final int STRIDE = 9;
    private static final int PER_BLOCK = 4;
    private static final long EMPTY_KEYS = 0xFFFF_FFFFL;

    /** Per cell: its newest block + 1 (0: none). */
    private int[] first = new int[1024];
    private long[] blocks = new long[STRIDE * 1024];
    private int used;

    void add(int cell, int bucketKey, long fileCount, long byteCount) {
        if (cell >= first.length) {
            first = Arrays.copyOf(first, Math.max(cell + 1, first.length * 2));
        }
        int free = -1; // the slot to take if the bucket is new: only the newest block has free slots
        for (int b = first[cell] - 1; b >= 0; ) {
            int base = b * STRIDE;
            long header = blocks[base];
            for (int j = 0; j < PER_BLOCK; j++) {
                int k = (int) (header >>> (8 * j)) & 0xFF;
                if (k == bucketKey) {
                    blocks[base + 1 + j] += fileCount;
                    blocks[base + 1 + PER_BLOCK + j] += byteCount;
                    return;
                }
                if (k == 0xFF) {
                    free = base * PER_BLOCK + j;
                    break; // slots fill in order: nothing after a free one
                }
            }
            b = (int) (header >>> 32) - 1;
        }
        if (free >= 0) {
            int base = free / PER_BLOCK;
            int j = free % PER_BLOCK;
            blocks[base] = blocks[base] & ~(0xFFL << (8 * j)) | ((long) bucketKey << (8 * j));
            blocks[base + 1 + j] = fileCount;
            blocks[base + 1 + PER_BLOCK + j] = byteCount;
            return;
        }
        // Every block full (or none): a new one, first in the chain, so its free slots are seen first.
        if ((used + 1) * STRIDE > blocks.length) {
            blocks = Arrays.copyOf(blocks, blocks.length * 2);
        }
        int b = used++;
        int base = b * STRIDE;
        blocks[base] = ((long) first[cell] << 32) | (EMPTY_KEYS & ~0xFFL) | bucketKey;
        blocks[base + 1] = fileCount;
        blocks[base + 1 + PER_BLOCK] = byteCount;
        for (int j = 1; j < PER_BLOCK; j++) {
            blocks[base + 1 + j] = 0;
            blocks[base + 1 + PER_BLOCK + j] = 0;
        }
        first[cell] = b + 1;
    }

    /** Blocks in use. */
    int blocks() {
        return used;
    }

    /**
     * Renumbers the cells, new cell c being old cell {@code oldOf[c]}, and lays their blocks out in
     * the new cells' order, each cell's chain side by side (newest first, as before).
     */
    void reorder(int[] oldOf, int cells) {
        int[] newFirst = new int[Math.max(first.length, cells)];
        long[] newBlocks = new long[blocks.length];
        int next = 0;
        for (int c = 0; c < cells; c++) {
            int old = oldOf[c];
            int b = old < first.length ? first[old] - 1 : -1;
            if (b < 0) {
                continue;
            }
            newFirst[c] = next + 1;
            while (b >= 0) {
                int from = b * STRIDE;
                int to = next * STRIDE;
                System.arraycopy(blocks, from, newBlocks, to, STRIDE);
                b = (int) (blocks[from] >>> 32) - 1;
                next++;
                long keys = newBlocks[to] & 0xFFFF_FFFFL;
                newBlocks[to] = (b >= 0 ? (long) (next + 1) << 32 : 0) | keys;
            }
        }
        first = newFirst;
        blocks = newBlocks;
        used = next;
    }

    /** The cell's two histograms as stored: {age, size} (see {@link Buckets#encode}). */
    byte[][] encode(int cell) {
        long[] ageFiles = new long[Buckets.AGE_LABELS.size()];
        long[] ageBytes = new long[ageFiles.length];
        long[] sizeFiles = new long[Buckets.SIZE_LABELS.size()];
        long[] sizeBytes = new long[sizeFiles.length];
        for (int b = (cell < first.length ? first[cell] : 0) - 1; b >= 0; ) {
            int base = b * STRIDE;
            long header = blocks[base];
            for (int j = 0; j < PER_BLOCK; j++) {
                int k = (int) (header >>> (8 * j)) & 0xFF;
                if (k == 0xFF) {
                    break;
                }
                long f = blocks[base + 1 + j];
                long by = blocks[base + 1 + PER_BLOCK + j];
                if (k >= FileGroups.SIZE_KEY) {
                    sizeFiles[k - FileGroups.SIZE_KEY] += f;
                    sizeBytes[k - FileGroups.SIZE_KEY] += by;
                } else {
                    ageFiles[k] += f;
                    ageBytes[k] += by;
                }
            }
            b = (int) (header >>> 32) - 1;
        }
        return new byte[][] {Buckets.encode(ageFiles, ageBytes), Buckets.encode(sizeFiles, sizeBytes)};
    }

    long heapBytes() {
        return 4L * first.length + 8L * blocks.length;
    }
}
