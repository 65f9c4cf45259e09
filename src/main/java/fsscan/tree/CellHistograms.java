package fsscan.tree;

import fsscan.scan.Buckets;
import fsscan.scan.FileGroups;

import java.util.Arrays;

/**
 * The age and size histograms of each (directory, uid, gid) cell: only non-empty buckets. A cell
 * has one long, the set of its buckets as a bit mask (bucket key k is bit k) and where its slots
 * start in a pool of (file count, byte count) pairs; its slots are side by side in bucket order,
 * room for a power of two of them. A bucket's slot is the number of the cell's buckets below it
 * (a bit count of the mask), so adding to a bucket is one read of the cell's long and one update
 * of the pool, with no search: what lines in no directory order cost, where every group lands on a
 * cell last touched long ago, out of cache. A new bucket moves the slots above it up by one, or
 * the cell's slots to a room twice the size when they are full (a room another cell left, or at
 * the pool's end).
 */
final class CellHistograms {

    /** Per cell: its first slot in the pool << 32 | its buckets' mask. */
    private long[] cells = new long[1024];
    /** Slots: file count at [2s], byte count at [2s + 1]. */
    private long[] pool = new long[2 * 4096];
    private int used;
    /**
     * Rooms left behind by cells that moved, per size (room 2^k at [k]): their first slot + 1, 0
     * for none; each links to the next through its first file count. A moving cell takes one of
     * its new size before the pool grows, so the pool holds about the slots in use.
     */
    private final int[] free = new int[6];
    private int freeSlots;

    void add(int cell, int bucketKey, long fileCount, long byteCount) {
        if (cell >= cells.length) {
            cells = Arrays.copyOf(cells, Math.max(cell + 1, cells.length * 2));
        }
        long meta = cells[cell];
        int mask = (int) meta;
        int start = (int) (meta >>> 32);
        int bit = 1 << bucketKey;
        int slot = start + Integer.bitCount(mask & (bit - 1));
        if ((mask & bit) != 0) {
            pool[2 * slot] += fileCount;
            pool[2 * slot + 1] += byteCount;
            return;
        }
        int n = Integer.bitCount(mask);
        int below = slot - start;
        if (n == room(n)) {
            // Full (or none yet): the slots move to a room twice the size, the new one among them.
            int grown = room(n + 1);
            int to = take(grown);
            System.arraycopy(pool, 2 * start, pool, 2 * to, 2 * below);
            System.arraycopy(pool, 2 * slot, pool, 2 * (to + below + 1), 2 * (n - below));
            if (n > 0) {
                release(start, n);
            }
            start = to;
            slot = to + below;
        } else {
            System.arraycopy(pool, 2 * slot, pool, 2 * (slot + 1), 2 * (n - below));
        }
        pool[2 * slot] = fileCount;
        pool[2 * slot + 1] = byteCount;
        cells[cell] = (long) start << 32 | ((mask | bit) & 0xFFFF_FFFFL);
    }

    /**
     * The file count in the cell's first slot (for a cell with no bucket yet, whatever its start
     * points at; 0 for a cell past the ones known): only loaded ahead of use, so that the misses
     * of several cells overlap, its value thrown away.
     */
    long firstSlot(int cell) {
        if (cell >= cells.length) {
            return 0;
        }
        return pool[2 * (int) (cells[cell] >>> 32)];
    }

    /**
     * One file of {@code bytes} in two buckets given as a group of one file's record gives them
     * (see {@link FileGroups#HIST}): age bucket << 8 | size key.
     */
    void addOneFile(int cell, int keys, long bytes) {
        add(cell, keys >>> 8 & 0xFF, 1, bytes);
        add(cell, keys & 0xFF, 1, bytes);
    }

    /** The first slot of a free room of this size (a power of two up to 32). */
    private int take(int size) {
        int k = Integer.numberOfTrailingZeros(size);
        int head = free[k] - 1;
        if (head >= 0) {
            free[k] = (int) pool[2 * head];
            freeSlots -= size;
            return head;
        }
        reserve(used + size);
        int to = used;
        used += size;
        return to;
    }

    private void release(int start, int size) {
        int k = Integer.numberOfTrailingZeros(size);
        pool[2 * start] = free[k];
        free[k] = start + 1;
        freeSlots += size;
    }

    /** Slots held by a cell of n buckets: the power of two at least n (none for none). */
    private static int room(int n) {
        return n <= 1 ? n : Integer.highestOneBit(n - 1) << 1;
    }

    private void reserve(int slots) {
        if (2L * slots > pool.length) {
            long grown = Math.max(2L * slots, pool.length * 2L);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("histogram cells exceed 2^30: too many directories for one import");
            }
            pool = Arrays.copyOf(pool, (int) grown);
        }
    }

    /** Slots taken from the pool's end, free rooms included. */
    int poolSlots() {
        return used;
    }

    /** Slots in use: taken from the pool and not left free by a cell that moved. */
    int blocks() {
        return used - freeSlots;
    }

    /**
     * Renumbers the cells, new cell c being old cell {@code oldOf[c]}, and lays their slots out in
     * the new cells' order, side by side, dropping the room cells left behind when they moved.
     */
    void reorder(int[] oldOf, int cells) {
        long[] newCells = new long[Math.max(this.cells.length, cells)];
        int slots = 0;
        for (int c = 0; c < cells; c++) {
            int old = oldOf[c];
            if (old < this.cells.length) {
                slots += room(Integer.bitCount((int) this.cells[old]));
            }
        }
        // Room for half as many slots again: the cells compact again once a quarter more slots are
        // in use, and cells that moved leave rooms behind meanwhile. With a quarter, the pool
        // doubled before each next compaction: an array of 2.5 times the slots, long-lived and so
        // in the old generation, made and dropped at every one.
        long[] newPool = new long[Math.max(2 * 4096, 2 * (slots + slots / 2))];
        int next = 0;
        for (int c = 0; c < cells; c++) {
            int old = oldOf[c];
            long meta = old < this.cells.length ? this.cells[old] : 0;
            int n = Integer.bitCount((int) meta);
            if (n == 0) {
                continue;
            }
            System.arraycopy(pool, 2 * (int) (meta >>> 32), newPool, 2 * next, 2 * n);
            newCells[c] = (long) next << 32 | (meta & 0xFFFF_FFFFL);
            next += room(n);
        }
        this.cells = newCells;
        pool = newPool;
        used = next;
        java.util.Arrays.fill(free, 0);
        freeSlots = 0;
    }

    /**
     * The cells' longs (start slot and mask), at least {@code count} of them, for a caller that
     * renumbers the cells by moving these in place: the slots stay where they are.
     */
    long[] cellsForRenumbering(int count) {
        if (cells.length < count) {
            cells = Arrays.copyOf(cells, count);
        }
        return cells;
    }

    /**
     * One store holding the cells of {@code parts} one after the other ({@code counts[p]} cells of
     * part p, numbered from the sum of the counts before it), their slots in one pool.
     */
    static CellHistograms concat(CellHistograms[] parts, int[] counts) {
        CellHistograms all = new CellHistograms();
        long cellTotal = 0;
        long slotTotal = 0;
        for (int p = 0; p < parts.length; p++) {
            cellTotal += counts[p];
            slotTotal += parts[p].used;
        }
        if (2 * slotTotal > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("histogram cells exceed 2^30: too many directories for one import");
        }
        all.cells = new long[(int) Math.max(1024, cellTotal)];
        all.pool = new long[(int) Math.max(2 * 4096, 2 * slotTotal)];
        int cellBase = 0;
        int slotBase = 0;
        for (int p = 0; p < parts.length; p++) {
            CellHistograms h = parts[p];
            System.arraycopy(h.pool, 0, all.pool, 2 * slotBase, 2 * h.used);
            for (int c = 0; c < Math.min(counts[p], h.cells.length); c++) {
                long meta = h.cells[c];
                if ((int) meta != 0) {
                    all.cells[cellBase + c] = meta + ((long) slotBase << 32);
                }
            }
            cellBase += counts[p];
            slotBase += h.used;
            // Rooms left free stay free: listed nowhere, never taken again (the store is finished).
            all.freeSlots += h.freeSlots;
        }
        all.used = slotBase;
        return all;
    }

    /**
     * The cell's two histograms as stored, {age, size} (see {@link Buckets#encode}), into
     * {@code out}, encoded straight from its slots, which are in bucket order: age buckets below
     * {@link FileGroups#SIZE_KEY}, then size buckets.
     */
    void encode(int cell, EncodedHistograms out) {
        long meta = cell < cells.length ? cells[cell] : 0;
        int mask = (int) meta;
        int ageMask = mask & ((1 << FileGroups.SIZE_KEY) - 1);
        int slot = (int) (meta >>> 32);
        out.ageLength = encode(ageMask, slot, 0, out.bytes, 0);
        out.sizeLength = encode(mask & ~ageMask, slot + Integer.bitCount(ageMask), FileGroups.SIZE_KEY, out.bytes,
                out.ageLength) - out.ageLength;
    }

    /**
     * The buckets of {@code mask} (keys less {@code base}), whose slots start at {@code slot}: bucket,
     * files, bytes each, written from {@code out[pos]}; returns the position after them.
     */
    private int encode(int mask, int slot, int base, byte[] out, int pos) {
        for (int m = mask; m != 0; m &= m - 1, slot++) {
            long f = pool[2 * slot];
            if (f == 0) {
                continue;
            }
            pos = Buckets.varint(out, pos, Integer.numberOfTrailingZeros(m) - base);
            pos = Buckets.varint(out, pos, f);
            pos = Buckets.varint(out, pos, pool[2 * slot + 1]);
        }
        return pos;
    }

    long heapBytes() {
        return 8L * cells.length + 8L * pool.length;
    }
}
