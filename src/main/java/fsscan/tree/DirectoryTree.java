package fsscan.tree;

import fsscan.scan.FileGroups;
import fsscan.scan.LineParser;
import fsscan.scan.ParsedChunk;
import fsscan.scan.PathList;

import java.util.Arrays;

/**
 * The path-to-directory map and the per-directory, per-owner file figures, in flat arrays: no
 * object per directory or per file, so memory grows with directories only.
 *
 * <p>Node 0 is "/"; every other node is a path component under its parent. Nodes are created when
 * first seen, whether listed or only implied by a path below them, in any order.
 */
public final class DirectoryTree {

    static final int ROOT = 0;
    static final byte LISTED = 1;
    static final byte HAS_FILES = 2;

    private int nodes;
    private int[] parent;
    private int[] nameOff;
    private int[] nameLen;
    private int[] nodeHash;
    private byte[] flags;
    private int[] firstCell;
    private byte[] names = new byte[1 << 16];
    private int namesUsed;
    private int[] slots;

    // The whole-path index: each node's PathHash, and slots by it. A path the parser hashed is found
    // with one probe instead of one per component (the cost of lines in no directory order).
    private long[] pathHash1;
    private long[] pathHash2;
    /** Slot i: {@code [2i]} the path hash's first half, {@code [2i+1]} the node + 1 (0: empty): one cache line a probe. */
    private long[] pathSlots;

    // Per (directory, uid, gid) cells, chained per directory.
    private int cells;
    private int[] cellNext;
    private long[] cellUid;
    private long[] cellGid;
    private long[] cellFiles;
    private long[] cellAllocated;
    private long[] cellLogical;
    private long[] cellMaxAtime;

    private final CellHistograms histograms = new CellHistograms();
    private long listedLines;
    private long fileLines;

    // Last resolved path and the node of each of its components: consecutive paths share prefixes.
    private byte[] lastPath = new byte[256];
    private int lastLen = -1;
    private int[] lastCompEnd = new int[32];
    private int[] lastCompNode = new int[32];
    private int lastComps;

    public DirectoryTree() {
        int cap = 1024;
        parent = new int[cap];
        nameOff = new int[cap];
        nameLen = new int[cap];
        nodeHash = new int[cap];
        flags = new byte[cap];
        firstCell = new int[cap];
        slots = new int[cap * 2];
        pathHash1 = new long[cap];
        pathHash2 = new long[cap];
        pathSlots = new long[cap * 4];
        cellNext = new int[cap];
        cellUid = new long[cap];
        cellGid = new long[cap];
        cellFiles = new long[cap];
        cellAllocated = new long[cap];
        cellLogical = new long[cap];
        cellMaxAtime = new long[cap];
        parent[ROOT] = -1;
        firstCell[ROOT] = -1;
        nodes = 1;
        pathHash1[ROOT] = fsscan.scan.PathHash.ROOT1;
        pathHash2[ROOT] = fsscan.scan.PathHash.ROOT2;
        indexPath(ROOT);
    }

    /** Number of directories known so far, listed or implied, "/" included. */
    public int size() {
        return nodes;
    }

    public long listedDirectoryLines() {
        return listedLines;
    }

    public long fileLines() {
        return fileLines;
    }

    /** Adds what a parser made of one chunk. */
    public void merge(ParsedChunk chunk) {
        PathList dirs = chunk.directories();
        for (int i = 0; i < dirs.size(); i++) {
            markListed(resolve(dirs, i));
        }
        FileGroups g = chunk.groups();
        PathList parents = g.parents();
        int[] cellOfGroup = new int[g.size()];
        for (int i = 0; i < g.size(); i++) {
            int node = resolve(parents, i);
            cellOfGroup[i] = addFiles(node, g.uid()[i], g.gid()[i], g.files()[i], g.allocated()[i], g.logical()[i],
                    g.maxAccessTime()[i]);
        }
        for (int e = 0; e < g.histGroup().length; e++) {
            histograms.add(cellOfGroup[g.histGroup()[e]], g.histKey()[e], g.histFiles()[e], g.histBytes()[e]);
        }
    }

    // The path resolved last, by its hash: a chunk's groups come sorted by path, so in a scan with
    // directory locality the next group is most often in the same directory.
    private long lastHash1;
    private long lastHash2;
    private int lastNode = -1;

    /** The node of a path of the list: one probe by its hash when the parser gave one, else a walk. */
    private int resolve(PathList list, int i) {
        if (list.hasHashes()) {
            long h1 = list.hash1(i);
            long h2 = list.hash2(i);
            if (lastNode >= 0 && h1 == lastHash1 && h2 == lastHash2
                    && lastNameIs(lastNode, list.bytes(), list.start(i), list.end(i))) {
                return lastNode;
            }
            int n = findPath(h1, h2, list.bytes(), list.start(i), list.end(i));
            if (n < 0) {
                n = directory(list.bytes(), list.start(i), list.end(i));
            }
            lastHash1 = h1;
            lastHash2 = h2;
            lastNode = n;
            return n;
        }
        return directory(list.bytes(), list.start(i), list.end(i));
    }

    /** Whether the path's last component is the node's name (the root: no component). */
    private boolean lastNameIs(int n, byte[] p, int start, int end) {
        int last = end;
        while (last > start && p[last - 1] == '/') {
            last--;
        }
        int first = last;
        while (first > start && p[first - 1] != '/') {
            first--;
        }
        return n == ROOT ? first == last : Arrays.equals(names, nameOff[n], nameOff[n] + nameLen[n], p, first, last);
    }

    /**
     * The node whose path hash is {@code (h1, h2)} and whose name is the path's last component, or
     * -1 (not seen yet: the walk creates it and indexes it).
     */
    private int findPath(long h1, long h2, byte[] p, int start, int end) {
        int mask = (pathSlots.length >> 1) - 1;
        int s = fsscan.scan.PathHash.spread(h1) & mask;
        while (true) {
            int n = (int) pathSlots[2 * s + 1] - 1;
            if (n < 0) {
                return -1;
            }
            if (pathSlots[2 * s] == h1 && pathHash2[n] == h2) {
                return lastNameIs(n, p, start, end) ? n : -1;
            }
            s = (s + 1) & mask;
        }
    }

    private void indexPath(int n) {
        int mask = (pathSlots.length >> 1) - 1;
        int s = fsscan.scan.PathHash.spread(pathHash1[n]) & mask;
        while (pathSlots[2 * s + 1] != 0) {
            s = (s + 1) & mask;
        }
        pathSlots[2 * s] = pathHash1[n];
        pathSlots[2 * s + 1] = n + 1;
    }

    public void markListed(int node) {
        flags[node] |= LISTED;
        listedLines++;
    }

    /** Adds files to the directory's (uid, gid) cell; returns the cell. */
    public int addFiles(int node, long uid, long gid, long files, long allocated, long logical, long maxAtime) {
        fileLines += files;
        flags[node] |= HAS_FILES;
        int c = firstCell[node];
        while (c >= 0 && (cellUid[c] != uid || cellGid[c] != gid)) {
            c = cellNext[c];
        }
        if (c < 0) {
            c = newCell(node, uid, gid);
        }
        cellFiles[c] += files;
        cellAllocated[c] += allocated;
        cellLogical[c] += logical;
        if (maxAtime > cellMaxAtime[c]) {
            cellMaxAtime[c] = maxAtime;
        }
        return c;
    }

    private int newCell(int node, long uid, long gid) {
        if (cells == cellUid.length) {
            int n = cells * 2;
            cellNext = Arrays.copyOf(cellNext, n);
            cellUid = Arrays.copyOf(cellUid, n);
            cellGid = Arrays.copyOf(cellGid, n);
            cellFiles = Arrays.copyOf(cellFiles, n);
            cellAllocated = Arrays.copyOf(cellAllocated, n);
            cellLogical = Arrays.copyOf(cellLogical, n);
            cellMaxAtime = Arrays.copyOf(cellMaxAtime, n);
        }
        int c = cells++;
        cellUid[c] = uid;
        cellGid[c] = gid;
        cellMaxAtime[c] = LineParser.UNKNOWN_TIME;
        cellNext[c] = firstCell[node];
        firstCell[node] = c;
        return c;
    }

    /** The node of an absolute path, creating it and any missing ancestor. Empty components are skipped. */
    public int directory(byte[] p, int start, int end) {
        int len = end - start;
        // Reuse the deepest component shared with the previous path.
        int common = 0;
        if (lastLen >= 0) {
            int max = Math.min(len, lastLen);
            while (common < max && p[start + common] == lastPath[common]) {
                common++;
            }
        }
        int k = lastComps - 1;
        while (k >= 0 && !(lastCompEnd[k] <= common && (lastCompEnd[k] == len || p[start + lastCompEnd[k]] == '/'))) {
            k--;
        }
        int node = k >= 0 ? lastCompNode[k] : ROOT;
        int pos = k >= 0 ? lastCompEnd[k] : 0;
        int comps = k + 1;
        while (pos < len) {
            while (pos < len && p[start + pos] == '/') {
                pos++;
            }
            if (pos >= len) {
                break;
            }
            int compEnd = pos;
            while (compEnd < len && p[start + compEnd] != '/') {
                compEnd++;
            }
            node = child(node, p, start + pos, start + compEnd);
            if (comps == lastCompEnd.length) {
                lastCompEnd = Arrays.copyOf(lastCompEnd, comps * 2);
                lastCompNode = Arrays.copyOf(lastCompNode, comps * 2);
            }
            lastCompEnd[comps] = compEnd;
            lastCompNode[comps] = node;
            comps++;
            pos = compEnd;
        }
        lastComps = comps;
        if (lastPath.length < len) {
            lastPath = new byte[Math.max(len, lastPath.length * 2)];
        }
        System.arraycopy(p, start, lastPath, 0, len);
        lastLen = len;
        return node;
    }

    private int child(int parentNode, byte[] p, int start, int end) {
        int h = parentNode * 0x9E3779B9;
        for (int i = start; i < end; i++) {
            h = h * 31 + p[i];
        }
        h ^= h >>> 15;
        int mask = slots.length - 1;
        int s = h & mask;
        while (true) {
            int n = slots[s] - 1;
            if (n < 0) {
                n = newNode(parentNode, h, p, start, end);
                slots[s] = n + 1;
                pathHash1[n] = fsscan.scan.PathHash.step1(pathHash1[parentNode], p, start, end);
                pathHash2[n] = fsscan.scan.PathHash.step2(pathHash2[parentNode], p, start, end);
                if ((long) nodes * 2 > slots.length) {
                    rehash();
                } else {
                    indexPath(n);
                }
                return n;
            }
            if (nodeHash[n] == h && parent[n] == parentNode
                    && Arrays.equals(names, nameOff[n], nameOff[n] + nameLen[n], p, start, end)) {
                return n;
            }
            s = (s + 1) & mask;
        }
    }

    private int newNode(int parentNode, int h, byte[] p, int start, int end) {
        if (nodes == parent.length) {
            int n = nodes * 2;
            parent = Arrays.copyOf(parent, n);
            nameOff = Arrays.copyOf(nameOff, n);
            nameLen = Arrays.copyOf(nameLen, n);
            nodeHash = Arrays.copyOf(nodeHash, n);
            flags = Arrays.copyOf(flags, n);
            firstCell = Arrays.copyOf(firstCell, n);
            pathHash1 = Arrays.copyOf(pathHash1, n);
            pathHash2 = Arrays.copyOf(pathHash2, n);
        }
        int len = end - start;
        if (namesUsed + len > names.length) {
            long grown = Math.max((long) namesUsed + len, names.length * 2L);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("directory names exceed 2 GiB: too many directories for one import");
            }
            names = Arrays.copyOf(names, (int) grown);
        }
        System.arraycopy(p, start, names, namesUsed, len);
        int n = nodes++;
        parent[n] = parentNode;
        nameOff[n] = namesUsed;
        nameLen[n] = len;
        nodeHash[n] = h;
        firstCell[n] = -1;
        namesUsed += len;
        return n;
    }

    private void rehash() {
        int[] next = new int[slots.length * 2];
        int mask = next.length - 1;
        for (int n = 1; n < nodes; n++) {
            int s = nodeHash[n] & mask;
            while (next[s] != 0) {
                s = (s + 1) & mask;
            }
            next[s] = n + 1;
        }
        slots = next;
        pathSlots = new long[slots.length * 2];
        for (int n = 0; n < nodes; n++) {
            indexPath(n);
        }
    }

    /** Heap bytes held by this tree's arrays (capacity, not just what is used). */
    public long heapBytes() {
        long perNode = 4L * 5 + 1 + 16;
        long perCell = 4L + 8L * 6;
        return perNode * parent.length + perCell * cellUid.length + names.length
                + (slots == null ? 0 : 20L * slots.length) + histograms.heapBytes();
    }

    /**
     * Ends the accumulation: drops the ancestors above the scan, numbers directories depth-first in
     * name order (a subtree is then the id range [id, lastId]) and rolls up the recursive figures.
     * The tree must not be changed afterwards.
     */
    public DirectoryTable finish() {
        // The path index is not needed once the tree is complete: let it go before the roll-up allocates.
        slots = null;
        nodeHash = null;
        pathSlots = null;
        pathHash1 = null;
        pathHash2 = null;
        return new DirectoryTable.Builder(nodes, parent, nameOff, nameLen, flags, names,
                firstCell, cells, cellNext, cellUid, cellGid, cellFiles, cellAllocated, cellLogical,
                cellMaxAtime, histograms).build();
    }
}
