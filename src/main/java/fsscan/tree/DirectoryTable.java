package fsscan.tree;

import fsscan.scan.LineParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The finished tree, in final id order: id {@code i + 1} is at index {@code i}. Ids are given
 * depth-first with siblings in byte order of their names, so the same scan always gives the same
 * ids and a subtree is the contiguous range {@code [id, lastId]}.
 */
public final class DirectoryTable {

    private final int size;
    private final int[] node;
    private final int[] parentId;
    private final int[] depth;
    private final int[] lastId;
    private final boolean[] listed;
    private final byte[][] rootNames;
    // The figures, filled by rollUp() (after the structure above, which the directories' rows and
    // index need, and which another thread may read meanwhile).
    private long[] filesNr;
    private long[] allocatedNr;
    private long[] logicalNr;
    private int[] dirsNr;
    private long[] atimeNr;
    private long[] filesR;
    private long[] allocatedR;
    private long[] logicalR;
    private long[] atimeR;
    private long[] ownerUid;
    private long[] ownerGid;
    private final int implied;
    private final int maxDepth;
    /**
     * Directory {@code i + 1}'s name (not a root's) is {@code names[nameStart[i], nameStart[i + 1])}:
     * laid out in id order here, once, so that the rows and the name index, which go by id, read
     * them in order (the tree has them in the order directories were first seen).
     */
    private final int[] nameStart;
    private final byte[] names;
    // The owner cells. Until rollUp(), the tree's: chained per node from firstCell, in the order
    // it made them. rollUp() lays them out in id order (directory i + 1's at
    // [cellStart[i], cellStart[i + 1]), by (uid, gid)), so that the roll-up and the owner rows,
    // which go by id, read them in order: the cells moved once instead of a miss per cell, twice,
    // on scans whose lines came in no directory order (where the tree made directories, and so
    // cells, in no order either). It runs while the directories' rows are written, which read
    // none of this.
    private int[] firstCell;
    private int[] cellNext;
    private final int treeCells;
    private int[] cellStart;
    private long[] cellUid;
    private long[] cellGid;
    private long[] cellFiles;
    private long[] cellAllocated;
    private long[] cellLogical;
    private long[] cellMaxAtime;
    private long ownerRows;
    private final CellHistograms histograms;

    private DirectoryTable(Builder b, int size, int[] node, int[] parentId, int[] depth, byte[][] rootNames) {
        this.size = size;
        this.node = node;
        this.parentId = parentId;
        this.depth = depth;
        this.rootNames = rootNames;
        this.histograms = b.histograms;
        listed = new boolean[size];
        int impliedCount = 0;
        int deepest = 0;
        for (int i = 0; i < size; i++) {
            listed[i] = (b.flags[node[i]] & DirectoryTree.LISTED) != 0;
            if (!listed[i]) {
                impliedCount++;
            }
            deepest = Math.max(deepest, depth[i]);
        }
        implied = impliedCount;
        maxDepth = deepest;
        nameStart = new int[size + 1];
        long nameBytes = 0;
        for (int i = 0; i < size; i++) {
            nameBytes += rootNames[i] == null ? b.nameLen[node[i]] : 0;
        }
        names = new byte[Math.toIntExact(nameBytes)];
        int at = 0;
        for (int i = 0; i < size; i++) {
            nameStart[i] = at;
            if (rootNames[i] == null) {
                int n = node[i];
                System.arraycopy(b.names, b.nameOff[n], names, at, b.nameLen[n]);
                at += b.nameLen[n];
            }
        }
        nameStart[size] = at;
        firstCell = b.firstCell;
        cellNext = b.cellNext;
        treeCells = b.cells;
        cellUid = b.cellUid;
        cellGid = b.cellGid;
        cellFiles = b.cellFiles;
        cellAllocated = b.cellAllocated;
        cellLogical = b.cellLogical;
        cellMaxAtime = b.cellMaxAtime;
        lastId = new int[size];
        for (int i = 0; i < size; i++) {
            lastId[i] = i + 1;
        }
        // Children have larger ids than their parent: one backward sweep gives each subtree's end.
        for (int i = size - 1; i >= 0; i--) {
            int p = parentId[i] - 1;
            if (p >= 0) {
                lastId[p] = Math.max(lastId[p], lastId[i]);
            }
        }
    }

    /**
     * The figures: each directory's own from its cells, then the recursive ones rolled up in one
     * backward sweep. Until this is done only the structure (ids, parents, names, depths, subtree
     * ends, listed) may be read; the caller hands the table on to the figures' readers afterwards.
     */
    public void rollUp() {
        cellsInIdOrder();
        filesNr = new long[size];
        allocatedNr = new long[size];
        logicalNr = new long[size];
        dirsNr = new int[size];
        atimeNr = new long[size];
        ownerUid = new long[size];
        ownerGid = new long[size];
        for (int i = 0; i < size; i++) {
            long uid = Owner.NONE;
            long gid = Owner.NONE;
            long atime = LineParser.UNKNOWN_TIME;
            for (int c = cellStart[i]; c < cellStart[i + 1]; c++) {
                filesNr[i] += cellFiles[c];
                allocatedNr[i] += cellAllocated[c];
                logicalNr[i] += cellLogical[c];
                atime = Math.max(atime, cellMaxAtime[c]);
                uid = Owner.merge(uid, cellUid[c]);
                gid = Owner.merge(gid, cellGid[c]);
            }
            atimeNr[i] = atime;
            ownerUid[i] = uid;
            ownerGid[i] = gid;
            if (parentId[i] > 0) {
                dirsNr[parentId[i] - 1]++;
            }
        }
        ownerRows = cellStart[size];
        filesR = filesNr.clone();
        allocatedR = allocatedNr.clone();
        logicalR = logicalNr.clone();
        atimeR = atimeNr.clone();
        for (int i = size - 1; i >= 0; i--) {
            int p = parentId[i] - 1;
            if (p < 0) {
                continue;
            }
            filesR[p] += filesR[i];
            allocatedR[p] += allocatedR[i];
            logicalR[p] += logicalR[i];
            atimeR[p] = Math.max(atimeR[p], atimeR[i]);
            ownerUid[p] = Owner.merge(ownerUid[p], ownerUid[i]);
            ownerGid[p] = Owner.merge(ownerGid[p], ownerGid[i]);
        }
    }

    /** Lays the cells out in id order, each directory's by (uid, gid) as the owner rows go, their histograms with them. */
    private void cellsInIdOrder() {
        int[] start = new int[size + 1];
        int count = 0;
        for (int i = 0; i < size; i++) {
            start[i] = count;
            for (int c = firstCell[node[i]]; c >= 0; c = cellNext[c]) {
                count++;
            }
        }
        start[size] = count;
        if (count != treeCells) {
            // Every cell is a kept directory's (one with files is kept): the new order must hold them all.
            throw new IllegalStateException(treeCells + " owner cells, " + count + " of them reached from their directories");
        }
        int[] oldOf = new int[count];
        int k = 0;
        for (int i = 0; i < size; i++) {
            int from = k;
            for (int c = firstCell[node[i]]; c >= 0; c = cellNext[c]) {
                // Insertion sort by (uid, gid): a directory has few owners.
                int j = k++;
                while (j > from && (cellUid[oldOf[j - 1]] > cellUid[c]
                        || cellUid[oldOf[j - 1]] == cellUid[c] && cellGid[oldOf[j - 1]] > cellGid[c])) {
                    oldOf[j] = oldOf[j - 1];
                    j--;
                }
                oldOf[j] = c;
            }
        }
        firstCell = null;
        cellNext = null;
        // Back into their own arrays: one scratch array, not a second copy of every cell array.
        permute(oldOf, cellUid, cellGid, cellFiles, cellAllocated, cellLogical, cellMaxAtime, histograms.cellsForRenumbering(count));
        cellStart = start;
    }

    /**
     * Puts {@code a[oldOf[c]]} at {@code a[c]} in each array ({@code oldOf} a permutation of
     * {@code [0, oldOf.length)}), through one scratch array: a gather (its reads independent of
     * one another, so many misses are in flight at once), then a copy back. Following the
     * permutation's cycles in place needs no scratch but waits for one miss after another: on a
     * scan of 5.7 million directories that took the roll-up from 0.75 s to 1.5 s.
     */
    private static void permute(int[] oldOf, long[]... arrays) {
        int n = oldOf.length;
        long[] gathered = new long[n];
        for (long[] a : arrays) {
            for (int c = 0; c < n; c++) {
                gathered[c] = a[oldOf[c]];
            }
            System.arraycopy(gathered, 0, a, 0, n);
        }
    }

    public int size() {
        return size;
    }

    /** Heap bytes of this table's own arrays: names, owner cells and their histograms included. */
    public long heapBytes() {
        long perDirectory = 4 * 5 + 1 + 8 + 8 * 3 + 4 + 8 + 8 * 4 + 8 * 2;
        long rootBytes = 0;
        for (byte[] r : rootNames) {
            rootBytes += r == null ? 0 : r.length + 16;
        }
        long cellBytes = (cellStart != null ? 4L * cellStart.length : 4L * (firstCell.length + cellNext.length))
                + 8L * 6 * cellUid.length + histograms.heapBytes();
        return perDirectory * size + rootBytes + names.length + cellBytes;
    }

    public int impliedDirectories() {
        return implied;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Rows of the per-directory, per-owner table. */
    public long ownerRows() {
        return ownerRows;
    }

    public int parentId(int id) {
        return parentId[id - 1];
    }

    /** The name stored for a directory: its last component, or the full path for a root. */
    public String name(int id) {
        byte[] root = rootNames[id - 1];
        if (root != null) {
            return new String(root, StandardCharsets.UTF_8);
        }
        return new String(names, nameStart[id - 1], nameStart[id] - nameStart[id - 1], StandardCharsets.UTF_8);
    }

    /**
     * The name as the database stores it: the UTF-8 of {@link #name}. Most names are ASCII, whose
     * bytes are their UTF-8 as they are (no String made and encoded again).
     */
    public byte[] nameUtf8(int id) {
        byte[] root = rootNames[id - 1];
        byte[] b = root;
        int off = 0;
        int len;
        if (root == null) {
            b = names;
            off = nameStart[id - 1];
            len = nameStart[id] - off;
        } else {
            len = root.length;
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return name(id).getBytes(StandardCharsets.UTF_8);
            }
        }
        return Arrays.copyOfRange(b, off, off + len);
    }

    public int depth(int id) {
        return depth[id - 1];
    }

    public int lastId(int id) {
        return lastId[id - 1];
    }

    public boolean listed(int id) {
        return listed[id - 1];
    }

    public long filesNr(int id) {
        return filesNr[id - 1];
    }

    public long allocatedNr(int id) {
        return allocatedNr[id - 1];
    }

    public long logicalNr(int id) {
        return logicalNr[id - 1];
    }

    public int dirsNr(int id) {
        return dirsNr[id - 1];
    }

    /** Newest access time of the directory's own files, or {@link LineParser#UNKNOWN_TIME}. */
    public long atimeNr(int id) {
        return atimeNr[id - 1];
    }

    public long filesR(int id) {
        return filesR[id - 1];
    }

    public long allocatedR(int id) {
        return allocatedR[id - 1];
    }

    public long logicalR(int id) {
        return logicalR[id - 1];
    }

    public int dirsR(int id) {
        return lastId[id - 1] - id;
    }

    public long atimeR(int id) {
        return atimeR[id - 1];
    }

    /** {@link Owner#NONE}, {@link Owner#MIXED} or the one uid of the subtree's files. */
    public long ownerUid(int id) {
        return ownerUid[id - 1];
    }

    public long ownerGid(int id) {
        return ownerGid[id - 1];
    }

    /** Number of (uid, gid) pairs among the directory's own files. */
    public int ownerCount(int id) {
        return cellStart[id] - cellStart[id - 1];
    }

    /** One (uid, gid) share of a directory's own files, with its encoded age and size histograms. */
    public record OwnerCell(long uid, long gid, long files, long allocated, long logical, long maxAtime,
                            byte[] ageHistogram, byte[] sizeHistogram) {
    }

    /** The directory's own files per (uid, gid), sorted by uid then gid: {@link #forEachOwner}'s cells as records. */
    public List<OwnerCell> owners(int id) {
        List<OwnerCell> out = new ArrayList<>(2);
        try {
            forEachOwner(id, new EncodedHistograms(), (uid, gid, files, allocated, logical, maxAtime, h) ->
                    out.add(new OwnerCell(uid, gid, files, allocated, logical, maxAtime, h.age(), h.size())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // this sink throws none
        }
        return out;
    }

    /**
     * The owners among the table's cells, as {@code directory_owners} holds them: how many distinct
     * uids (any value), and the uids and gids that can have a name (0 and up: the gid -1 that
     * directory_owners stores for a line without a group has none), each ascending.
     */
    public record OwnerIds(long distinctUids, long[] namedUids, long[] namedGids) {
    }

    /** {@link OwnerIds} of the whole table, from the cells in memory (no query of the written rows), once rolled up. */
    public OwnerIds ownerIds() {
        if (cellStart == null) {
            throw new IllegalStateException("the owners are known once the table is rolled up");
        }
        int cells = cellStart[size];
        long[] uids = new long[16];
        long[] gids = new long[16];
        int nu = 0;
        int ng = 0;
        int limitU = 1 << 16;
        int limitG = 1 << 16;
        for (int from = 0; from < cells; from += 4096) {
            for (int c = from; c < Math.min(cells, from + 4096); c++) {
                if (nu == uids.length) {
                    uids = Arrays.copyOf(uids, nu * 2);
                }
                uids[nu++] = cellUid[c];
                if (ng == gids.length) {
                    gids = Arrays.copyOf(gids, ng * 2);
                }
                gids[ng++] = cellGid[c]; // a cell of mixed groups: negative, no name
            }
            // Keep the arrays near the number of distinct owners, not of cells.
            if (nu > limitU) {
                nu = distinct(uids, nu);
                limitU = Math.max(limitU, 2 * nu);
            }
            if (ng > limitG) {
                ng = distinct(gids, ng);
                limitG = Math.max(limitG, 2 * ng);
            }
        }
        nu = distinct(uids, nu);
        ng = distinct(gids, ng);
        long[] u = Arrays.copyOf(uids, nu);
        return new OwnerIds(nu, nonNegative(u), nonNegative(Arrays.copyOf(gids, ng)));
    }

    /** Sorts the first {@code n} values and moves each distinct one to the front; returns how many. */
    private static int distinct(long[] a, int n) {
        Arrays.sort(a, 0, n);
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (out == 0 || a[out - 1] != a[i]) {
                a[out++] = a[i];
            }
        }
        return out;
    }

    private static long[] nonNegative(long[] sorted) {
        int from = 0;
        while (from < sorted.length && sorted[from] < 0) {
            from++;
        }
        return Arrays.copyOfRange(sorted, from, sorted.length);
    }

    /** Receives a directory's owner cells: see {@link #forEachOwner}. */
    public interface OwnerSink {
        /** {@code histograms} holds this cell's until the next call: read, not kept. */
        void cell(long uid, long gid, long files, long allocated, long logical, long maxAtime,
                  EncodedHistograms histograms) throws java.io.IOException;
    }

    /**
     * The directory's own files per (uid, gid), sorted by uid then gid, as {@link #owners} without the
     * records: each cell's histograms encoded into {@code scratch}, which the caller reuses.
     */
    public void forEachOwner(int id, EncodedHistograms scratch, OwnerSink sink) throws java.io.IOException {
        for (int c = cellStart[id - 1]; c < cellStart[id]; c++) {
            histograms.encode(c, scratch);
            sink.cell(cellUid[c], cellGid[c], cellFiles[c], cellAllocated[c], cellLogical[c], cellMaxAtime[c], scratch);
        }
    }

    /** Builds the table from the tree's arrays; the arrays are shared, not copied. */
    static final class Builder {
        final int nodes;
        final int[] parent;
        final int[] nameOff;
        final int[] nameLen;
        final byte[] flags;
        final byte[] names;
        final int[] firstCell;
        final int cells;
        final int[] cellNext;
        final long[] cellUid;
        final long[] cellGid;
        final long[] cellFiles;
        final long[] cellAllocated;
        final long[] cellLogical;
        final long[] cellMaxAtime;
        final CellHistograms histograms;

        Builder(int nodes, int[] parent, int[] nameOff, int[] nameLen, byte[] flags, byte[] names,
                int[] firstCell, int cells, int[] cellNext, long[] cellUid, long[] cellGid, long[] cellFiles,
                long[] cellAllocated, long[] cellLogical, long[] cellMaxAtime, CellHistograms histograms) {
            this.nodes = nodes;
            this.parent = parent;
            this.nameOff = nameOff;
            this.nameLen = nameLen;
            this.flags = flags;
            this.names = names;
            this.firstCell = firstCell;
            this.cells = cells;
            this.cellNext = cellNext;
            this.cellUid = cellUid;
            this.cellGid = cellGid;
            this.cellFiles = cellFiles;
            this.cellAllocated = cellAllocated;
            this.cellLogical = cellLogical;
            this.cellMaxAtime = cellMaxAtime;
            this.histograms = histograms;
        }

        DirectoryTable build() {
            // A node is kept when it is listed, holds files, or lies below a kept node; the chain of
            // unlisted, file-less ancestors above the scan is dropped. Parents precede children.
            boolean[] kept = new boolean[nodes];
            int keptCount = 0;
            for (int n = 0; n < nodes; n++) {
                boolean parentKept = n != DirectoryTree.ROOT && kept[parent[n]];
                kept[n] = parentKept || (flags[n] & (DirectoryTree.LISTED | DirectoryTree.HAS_FILES)) != 0;
                if (kept[n]) {
                    keptCount++;
                }
            }
            // Children lists (CSR) of kept nodes; a kept node under a dropped parent is a root.
            int[] childStart = new int[nodes + 1];
            List<Integer> roots = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                if (!kept[n]) {
                    continue;
                }
                if (n == DirectoryTree.ROOT || !kept[parent[n]]) {
                    roots.add(n);
                } else {
                    childStart[parent[n] + 1]++;
                }
            }
            for (int n = 0; n < nodes; n++) {
                childStart[n + 1] += childStart[n];
            }
            int[] fill = Arrays.copyOf(childStart, nodes);
            Siblings s = new Siblings(childStart[nodes]);
            for (int n = 1; n < nodes; n++) {
                if (kept[n] && kept[parent[n]]) {
                    s.put(fill[parent[n]]++, n);
                }
            }
            fill = null;
            for (int n = 0; n < nodes; n++) {
                int from = childStart[n];
                int to = childStart[n + 1];
                if (to - from > 1) {
                    s.sort(from, to);
                }
            }
            int[] children = s.node;
            s = null;
            byte[][] rootPath = new byte[nodes][];
            for (int r : roots) {
                rootPath[r] = fullPath(r);
            }
            roots.sort((a, b) -> fsscan.scan.TreeOrder.compare(rootPath[a], rootPath[b]));

            int[] node = new int[keptCount];
            int[] parentId = new int[keptCount];
            int[] depth = new int[keptCount];
            byte[][] rootNames = new byte[keptCount][];
            int[] idOfNode = new int[nodes];
            int[] stack = new int[Math.max(16, keptCount)];
            int next = 0;
            for (int r : roots) {
                int sp = 0;
                stack[sp++] = r;
                while (sp > 0) {
                    int n = stack[--sp];
                    int i = next++;
                    node[i] = n;
                    idOfNode[n] = i + 1;
                    if (rootPath[n] != null) {
                        rootNames[i] = rootPath[n];
                        depth[i] = slashes(rootPath[n], n);
                    } else {
                        parentId[i] = idOfNode[parent[n]];
                        depth[i] = depth[parentId[i] - 1] + 1;
                    }
                    for (int c = childStart[n + 1] - 1; c >= childStart[n]; c--) {
                        stack[sp++] = children[c];
                    }
                }
            }
            return new DirectoryTable(this, keptCount, node, parentId, depth, rootNames);
        }

        private static int slashes(byte[] path, int n) {
            if (n == DirectoryTree.ROOT) {
                return 0;
            }
            int count = 0;
            for (byte b : path) {
                if (b == '/') {
                    count++;
                }
            }
            return count;
        }

        private byte[] fullPath(int n) {
            if (n == DirectoryTree.ROOT) {
                return new byte[] {'/'};
            }
            int len = 0;
            for (int m = n; m != DirectoryTree.ROOT; m = parent[m]) {
                len += nameLen[m] + 1;
            }
            byte[] out = new byte[len];
            int end = len;
            for (int m = n; m != DirectoryTree.ROOT; m = parent[m]) {
                end -= nameLen[m];
                System.arraycopy(names, nameOff[m], out, end, nameLen[m]);
                out[--end] = '/';
            }
            return out;
        }

        private int compareNames(int a, int b) {
            return Arrays.compareUnsigned(names, nameOff[a], nameOff[a] + nameLen[a],
                    names, nameOff[b], nameOff[b] + nameLen[b]);
        }

        /**
         * The children lists, each to be sorted by name, with each child's first 16 name bytes as two
         * big-endian longs beside it: taken as the nodes come (the names are read in the order they
         * were stored), so that the sort compares keys side by side in memory, and reads the names
         * themselves only for siblings whose first 16 bytes are the same. Node order is the order
         * directories were first seen, which on a scan in no directory order is no order at all.
         */
        private final class Siblings {
            final int[] node;
            final long[] high;
            final long[] low;
            private int[] tmpNode = new int[0];
            private long[] tmpHigh = new long[0];
            private long[] tmpLow = new long[0];

            Siblings(int n) {
                node = new int[n];
                high = new long[n];
                low = new long[n];
            }

            void put(int at, int n) {
                node[at] = n;
                high[at] = key(nameOff[n], nameLen[n], 0);
                low[at] = key(nameOff[n], nameLen[n], 8);
            }

            /** Bytes {@code [skip, skip + 8)} of a name as an unsigned big-endian long, zeros past its end (names hold none). */
            private long key(int off, int len, int skip) {
                long k = 0;
                for (int i = skip; i < skip + 8; i++) {
                    k = k << 8 | (i < len ? names[off + i] & 0xFF : 0);
                }
                return k;
            }

            private int compare(int i, int j) {
                int c = Long.compareUnsigned(high[i], high[j]);
                if (c == 0) {
                    c = Long.compareUnsigned(low[i], low[j]);
                }
                return c != 0 ? c : compareNames(node[i], node[j]);
            }

            /** Insertion sort for short runs, merge sort above: [from, to) by name. */
            void sort(int from, int to) {
                if (to - from <= 16) {
                    for (int i = from + 1; i < to; i++) {
                        int j = i;
                        while (j > from && compare(j - 1, j) > 0) {
                            swap(j - 1, j);
                            j--;
                        }
                    }
                    return;
                }
                int mid = (from + to) >>> 1;
                sort(from, mid);
                sort(mid, to);
                if (compare(mid - 1, mid) <= 0) {
                    return;
                }
                int len = mid - from;
                if (tmpNode.length < len) {
                    tmpNode = new int[len];
                    tmpHigh = new long[len];
                    tmpLow = new long[len];
                }
                System.arraycopy(node, from, tmpNode, 0, len);
                System.arraycopy(high, from, tmpHigh, 0, len);
                System.arraycopy(low, from, tmpLow, 0, len);
                int i = 0;
                int j = mid;
                int k = from;
                while (i < len && j < to) {
                    if (compareLeft(i, j) <= 0) {
                        move(k++, i++);
                    } else {
                        node[k] = node[j];
                        high[k] = high[j];
                        low[k++] = low[j++];
                    }
                }
                while (i < len) {
                    move(k++, i++);
                }
            }

            /** The left run's element i (in the scratch arrays) against element j. */
            private int compareLeft(int i, int j) {
                int c = Long.compareUnsigned(tmpHigh[i], high[j]);
                if (c == 0) {
                    c = Long.compareUnsigned(tmpLow[i], low[j]);
                }
                return c != 0 ? c : compareNames(tmpNode[i], node[j]);
            }

            private void move(int k, int i) {
                node[k] = tmpNode[i];
                high[k] = tmpHigh[i];
                low[k] = tmpLow[i];
            }

            private void swap(int i, int j) {
                int n = node[i];
                node[i] = node[j];
                node[j] = n;
                long h = high[i];
                high[i] = high[j];
                high[j] = h;
                long l = low[i];
                low[i] = low[j];
                low[j] = l;
            }
        }
    }
}
