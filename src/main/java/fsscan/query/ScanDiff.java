package fsscan.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What changed between two scans of a file system, directory by directory, matched by path.
 *
 * <p>Both databases are read once, side by side, in path order, keeping only the directories
 * being reported: memory follows the limit, not the file system. Path order comes for free:
 * ids are given depth-first in tree order ({@link fsscan.scan.TreeOrder}), so walking a root's id
 * range visits its paths in the order of their components. Any backend's {@link ScanStore} serves.
 */
public final class ScanDiff {

    /** Where a directory is: in both scans, only the newer one, or only the older one. */
    public enum Status { BOTH, NEW, GONE }

    /** One directory's figures in the two scans (0 where it is missing). */
    public record Change(String path, int depth, Status status, long oldSize, long newSize, long oldFiles, long newFiles) {
        public long sizeChange() {
            return newSize - oldSize;
        }

        public long filesChange() {
            return newFiles - oldFiles;
        }
    }

    /** Totals over the whole scope, and the top rows in the order asked for. */
    public record Result(long oldSize, long newSize, long oldFiles, long newFiles, long oldDirectories,
                         long newDirectories, long added, long removed, List<Change> rows, long listed) {
    }

    /** The orders a comparison can be listed in, each with the rows it lists; ties by path. */
    public enum Order {
        /** Directories that hold more bytes, most added first. */
        GROWTH,
        /** Directories that hold fewer bytes, most freed first. */
        SHRINK,
        /** Any change, new and gone directories included, the largest either way first. */
        CHANGE,
        /** Directories that hold more files, most added first. */
        FILES;

        /** Directories in this order, ties by path in tree order. */
        Comparator<Change> comparator() {
            return of(Change::sizeChange, Change::filesChange).thenComparing((x, y) -> fsscan.scan.TreeOrder.compare(x.path(), y.path()));
        }

        /** This order over anything with a change of bytes and of files (directories, owners); no tie-break. */
        <T> Comparator<T> of(java.util.function.ToLongFunction<T> sizeChange, java.util.function.ToLongFunction<T> filesChange) {
            return switch (this) {
                case GROWTH -> Comparator.comparingLong(sizeChange).reversed();
                case SHRINK -> Comparator.comparingLong(sizeChange);
                case CHANGE -> Comparator.<T>comparingLong(c -> Math.abs(sizeChange.applyAsLong(c))).reversed();
                case FILES -> Comparator.comparingLong(filesChange).reversed();
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean lists(Status status, long sizeChange, long filesChange) {
            return switch (this) {
                case GROWTH -> sizeChange > 0;
                case SHRINK -> sizeChange < 0;
                case FILES -> filesChange > 0;
                case CHANGE -> sizeChange != 0 || filesChange != 0 || status != Status.BOTH;
            };
        }
    }

    private ScanDiff() {
    }

    /**
     * Compares the directories under {@code prefix} (null: everything) at depths {@code minDepth..maxDepth}
     * (null: no bound); {@code limit} 0 keeps every row. Every directory counts in the totals; the
     * rows are those the order lists (growth: the directories that grew, and so on).
     */
    public static Result compare(ScanStore older, ScanStore newer, String prefix, Integer minDepth, Integer maxDepth,
                                 Order order, int limit) throws Exception {
        Comparator<Change> cmp = order.comparator();
        // A bounded heap holding the best rows so far, worst on top.
        PriorityQueue<Change> best = new PriorityQueue<>(cmp.reversed());
        long[] totals = new long[8];
        long listed = 0;
        try (Walk a = new Walk(older, prefix, maxDepth); Walk b = new Walk(newer, prefix, maxDepth)) {
            boolean hasA = a.next();
            boolean hasB = b.next();
            while (hasA || hasB) {
                int c = !hasA ? 1 : !hasB ? -1 : compareKeys(a.key, a.keyLength, b.key, b.keyLength);
                Walk at = c <= 0 ? a : b;
                Status status = c == 0 ? Status.BOTH : c < 0 ? Status.GONE : Status.NEW;
                long oldSize = c <= 0 ? a.size : 0;
                long oldFiles = c <= 0 ? a.files : 0;
                long newSize = c >= 0 ? b.size : 0;
                long newFiles = c >= 0 ? b.files : 0;
                // The tops of each scan's scope: their subtree figures are the scope's totals.
                if (c <= 0 && a.atTop()) {
                    totals[0] += a.size;
                    totals[2] += a.files;
                }
                if (c >= 0 && b.atTop()) {
                    totals[1] += b.size;
                    totals[3] += b.files;
                }
                boolean inDepth = minDepth == null || at.depth >= minDepth;
                if (inDepth) {
                    totals[4] += c <= 0 ? 1 : 0;
                    totals[5] += c >= 0 ? 1 : 0;
                    totals[6] += status == Status.NEW ? 1 : 0;
                    totals[7] += status == Status.GONE ? 1 : 0;
                }
                if (inDepth && order.lists(status, newSize - oldSize, newFiles - oldFiles)) {
                    listed++;
                    // Compared with an empty path first (it wins ties): the path is built only for rows kept.
                    Change probe = new Change("", at.depth, status, oldSize, newSize, oldFiles, newFiles);
                    if (limit == 0 || best.size() < limit || cmp.compare(probe, best.peek()) <= 0) {
                        best.add(new Change(at.path(), at.depth, status, oldSize, newSize, oldFiles, newFiles));
                        if (limit > 0 && best.size() > limit) {
                            best.poll();
                        }
                    }
                }
                if (c <= 0) {
                    hasA = a.next();
                }
                if (c >= 0) {
                    hasB = b.next();
                }
            }
        }
        List<Change> rows = new ArrayList<>(best);
        rows.sort(cmp);
        return new Result(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], totals[7], rows, listed);
    }

    /** Lexicographic order of component lists, each component by unsigned bytes. */
    static int compareKeys(byte[][] a, int na, byte[][] b, int nb) {
        int n = Math.min(na, nb);
        for (int i = 0; i < n; i++) {
            int c = Arrays.compareUnsigned(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(na, nb);
    }

    static byte[][] components(String path) {
        List<byte[]> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toArray(new byte[0][]);
    }

    /**
     * One scan's directories in the scope, in path order: each segment (a root, or the prefix's
     * subtree) is an id range read in id order, segments sorted by their paths.
     */
    private static final class Walk implements AutoCloseable {
        private final ScanStore store;
        private final int maxDepth;
        /** An id range read in id order, and the path components of its first directory. */
        private record Segment(long from, long to, byte[][] base) {
        }

        private final List<Segment> segments = new ArrayList<>();
        private int segment = -1;
        private TreeCursor rows;
        /** The current directory's path components; the ids of those below the segment's top. */
        byte[][] key = new byte[64][];
        long[] ids = new long[64];
        int keyLength;
        int baseLength;
        int depth;
        long size;
        long files;

        Walk(ScanStore reader, String prefix, Integer maxDepth) throws Exception {
            this.store = reader;
            this.maxDepth = maxDepth == null ? Integer.MAX_VALUE : maxDepth;
            long[] range = prefix == null ? null : reader.range(prefix);
            if (range != null) {
                segments.add(new Segment(range[0], range[1], components(prefix)));
            } else {
                // Every root, or those below a prefix that lies above this scan's roots.
                byte[][] scope = prefix == null ? new byte[0][] : components(prefix);
                for (Root r : reader.roots()) {
                    byte[][] root = components(r.path());
                    if (root.length >= scope.length && compareKeys(root, scope.length, scope, scope.length) == 0) {
                        segments.add(new Segment(r.id(), r.lastId(), root));
                    }
                }
            }
            segments.sort((x, y) -> compareKeys(x.base(), x.base().length, y.base(), y.base().length));
        }

        boolean next() throws Exception {
            while (rows == null || !rows.next()) {
                if (rows != null) {
                    rows.close();
                    rows = null;
                }
                if (++segment >= segments.size()) {
                    return false;
                }
                rows = store.tree(segments.get(segment).from(), segments.get(segment).to(), maxDepth);
                byte[][] base = segments.get(segment).base();
                ensure(base.length + 1);
                System.arraycopy(base, 0, key, 0, base.length);
                baseLength = base.length;
                keyLength = -1;
            }
            long id = rows.id();
            if (keyLength < 0) {
                // The segment's top directory: its path is the segment's base.
                keyLength = baseLength;
            } else {
                long parent = rows.parentId();
                while (keyLength > baseLength && ids[keyLength - 1] != parent) {
                    keyLength--;
                }
                ensure(keyLength + 1);
                key[keyLength] = rows.name().getBytes(StandardCharsets.UTF_8);
                ids[keyLength] = id;
                keyLength++;
            }
            depth = rows.depth();
            size = rows.totalSize();
            files = rows.files();
            return true;
        }

        boolean atTop() {
            return keyLength == baseLength;
        }

        String path() {
            if (keyLength == 0) {
                return "/";
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < keyLength; i++) {
                sb.append('/').append(new String(key[i], StandardCharsets.UTF_8));
            }
            return sb.toString();
        }

        private void ensure(int n) {
            if (n > key.length) {
                key = Arrays.copyOf(key, Math.max(n, key.length * 2));
                ids = Arrays.copyOf(ids, key.length);
            }
        }

        @Override
        public void close() throws Exception {
            if (rows != null) {
                rows.close();
            }
        }
    }
}
