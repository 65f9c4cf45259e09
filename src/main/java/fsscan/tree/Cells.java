package fsscan.tree;

import fsscan.scan.LineParser;

import java.util.Arrays;

/**
 * The (directory, uid, gid) cells of one partition of a {@link DirectoryTree}'s directories, and
 * their histograms. A directory belongs to one partition for good (see
 * {@link DirectoryTree#partOf}), so partitions share no cell, no histogram room and no counter:
 * each can be updated by its own thread while the others are, with no lock. Cells are numbered
 * per partition; {@code firstCell[node]} (the tree's) holds the number in the node's partition
 * until {@link #merge} numbers them all in one space for the finished table.
 */
final class Cells {

    int cells;
    int[] next;
    long[] uid;
    long[] gid;
    long[] files;
    long[] allocated;
    long[] logical;
    long[] maxAtime;
    int[] node;
    CellHistograms histograms = new CellHistograms();
    /** Cells {@code [0, compactCells)} are in node order; those after were made since (see {@link #compact}). */
    private int compactCells;
    private int compactBlocks;
    long fileLines;
    long listedLines;

    Cells(int cap) {
        next = new int[cap];
        uid = new long[cap];
        gid = new long[cap];
        files = new long[cap];
        allocated = new long[cap];
        logical = new long[cap];
        maxAtime = new long[cap];
        node = new int[cap];
    }

    /** Adds files to the directory's (uid, gid) cell; returns the cell. */
    int addFiles(int[] firstCell, byte[] flags, int n, long u, long g, long count, long alloc, long logicalBytes, long atime) {
        fileLines += count;
        flags[n] |= DirectoryTree.HAS_FILES;
        int c = firstCell[n];
        while (c >= 0 && (uid[c] != u || gid[c] != g)) {
            c = next[c];
        }
        if (c < 0) {
            c = newCell(firstCell, n, u, g);
        }
        files[c] += count;
        allocated[c] += alloc;
        logical[c] += logicalBytes;
        if (atime > maxAtime[c]) {
            maxAtime[c] = atime;
        }
        return c;
    }

    private int newCell(int[] firstCell, int n, long u, long g) {
        if (cells == uid.length) {
            int cap = cells * 2;
            next = Arrays.copyOf(next, cap);
            uid = Arrays.copyOf(uid, cap);
            gid = Arrays.copyOf(gid, cap);
            files = Arrays.copyOf(files, cap);
            allocated = Arrays.copyOf(allocated, cap);
            logical = Arrays.copyOf(logical, cap);
            maxAtime = Arrays.copyOf(maxAtime, cap);
            node = Arrays.copyOf(node, cap);
        }
        int c = cells++;
        node[c] = n;
        uid[c] = u;
        gid[c] = g;
        maxAtime[c] = LineParser.UNKNOWN_TIME;
        next[c] = firstCell[n];
        firstCell[n] = c;
        return c;
    }

    /** Whether a quarter more cells or histogram slots were made since the last {@link #compact}. */
    boolean wantsCompact() {
        return cells - compactCells > compactCells / 4 + 1024
                || histograms.blocks() - compactBlocks > compactBlocks / 4 + 1024;
    }

    /**
     * Puts the cells in node order (a node's side by side, in the order they were made) and their
     * histogram slots in cell order, so that the next batches, applied in node order, read both
     * in ascending order. Writes {@code firstCell} of this partition's nodes only ({@code part}
     * of {@code parts}), so partitions compact at the same time.
     */
    void compact(int[] firstCell, int nodes, int part, int parts) {
        int[] start = new int[nodes + 1];
        for (int c = 0; c < cells; c++) {
            start[node[c] + 1]++;
        }
        for (int n = 0; n < nodes; n++) {
            start[n + 1] += start[n];
        }
        int[] oldOf = new int[cells];
        int[] at = Arrays.copyOf(start, nodes);
        for (int c = 0; c < cells; c++) {
            oldOf[at[node[c]]++] = c;
        }
        at = null;
        uid = gather(uid, oldOf);
        gid = gather(gid, oldOf);
        files = gather(files, oldOf);
        allocated = gather(allocated, oldOf);
        logical = gather(logical, oldOf);
        maxAtime = gather(maxAtime, oldOf);
        int block = 1 << DirectoryTree.PART_BITS;
        for (int b = part * block; b < nodes; b += parts * block) {
            for (int n = b; n < Math.min(nodes, b + block); n++) {
                int from = start[n];
                int to = start[n + 1];
                firstCell[n] = from < to ? from : -1;
                for (int c = from; c < to; c++) {
                    node[c] = n;
                    next[c] = c + 1 < to ? c + 1 : -1;
                }
            }
        }
        histograms.reorder(oldOf, cells);
        compactCells = cells;
        compactBlocks = histograms.blocks();
    }

    private static long[] gather(long[] a, int[] oldOf) {
        long[] out = new long[a.length];
        for (int c = 0; c < oldOf.length; c++) {
            out[c] = a[oldOf[c]];
        }
        return out;
    }

    long heapBytes() {
        if (uid == null) {
            return 0;
        }
        return (4L * 2 + 8L * 6) * uid.length + histograms.heapBytes();
    }

    /** Lets the arrays go (a finished table owns them now); the line counts stay. */
    void release() {
        next = null;
        uid = null;
        gid = null;
        files = null;
        allocated = null;
        logical = null;
        maxAtime = null;
        node = null;
        histograms = null;
    }

    /**
     * The cells of all partitions in one numbering, partition after partition, {@code firstCell}
     * renumbered to it; the partitions' arrays are let go as they are copied. One partition is
     * returned as it is.
     */
    static Cells merge(Cells[] parts, int[] firstCell, int nodes) {
        if (parts.length == 1) {
            return parts[0];
        }
        int total = 0;
        int[] base = new int[parts.length];
        for (int p = 0; p < parts.length; p++) {
            base[p] = total;
            total += parts[p].cells;
        }
        Cells all = new Cells(0);
        all.cells = total;
        all.next = new int[total];
        for (Cells c : parts) {
            all.fileLines += c.fileLines;
            all.listedLines += c.listedLines;
        }
        for (int p = 0; p < parts.length; p++) {
            Cells c = parts[p];
            for (int k = 0; k < c.cells; k++) {
                all.next[base[p] + k] = c.next[k] < 0 ? -1 : base[p] + c.next[k];
            }
            c.next = null;
        }
        all.uid = concat(parts, base, total, c -> c.uid, c -> c.uid = null);
        all.gid = concat(parts, base, total, c -> c.gid, c -> c.gid = null);
        all.files = concat(parts, base, total, c -> c.files, c -> c.files = null);
        all.allocated = concat(parts, base, total, c -> c.allocated, c -> c.allocated = null);
        all.logical = concat(parts, base, total, c -> c.logical, c -> c.logical = null);
        all.maxAtime = concat(parts, base, total, c -> c.maxAtime, c -> c.maxAtime = null);
        for (int n = 0; n < nodes; n++) {
            if (firstCell[n] >= 0) {
                firstCell[n] += base[DirectoryTree.partOf(n, parts.length)];
            }
        }
        CellHistograms[] h = new CellHistograms[parts.length];
        int[] counts = new int[parts.length];
        for (int p = 0; p < parts.length; p++) {
            h[p] = parts[p].histograms;
            counts[p] = parts[p].cells;
            parts[p].histograms = null;
        }
        all.histograms = CellHistograms.concat(h, counts);
        return all;
    }

    private static long[] concat(Cells[] parts, int[] base, int total, java.util.function.Function<Cells, long[]> get,
                                 java.util.function.Consumer<Cells> drop) {
        long[] out = new long[total];
        for (int p = 0; p < parts.length; p++) {
            System.arraycopy(get.apply(parts[p]), 0, out, base[p], parts[p].cells);
            drop.accept(parts[p]);
        }
        return out;
    }
}
