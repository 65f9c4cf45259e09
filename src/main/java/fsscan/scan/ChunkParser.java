package fsscan.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a chunk of whole lines into a {@link ParsedChunk}, summing files per (parent, uid, gid) so
 * that what the accumulator receives grows with the directories in the chunk, not the lines.
 * One instance per parser; not thread-safe.
 */
public final class ChunkParser {

    private final LineParser lineParser;
    private final Buckets buckets;
    private final byte[] failureMarker;
    private final GroupBuffers pool;
    private final ParsedLine line = new ParsedLine();
    /**
     * The per-chunk tables, kept from one chunk to the next: in no directory order nearly every
     * line is a group of its own, and growing the tables anew for each chunk was most of what the
     * parsers allocated (and the collector then moved).
     */
    private Acc acc;

    /**
     * @param failureMarker test-only: a line containing these bytes makes the parser throw, to
     *                      exercise supervision; null in real imports
     */
    public ChunkParser(boolean escapedPaths, String failureMarker) {
        this(escapedPaths, LineParser.Format.AUTO, null, failureMarker);
    }

    /** @param buckets the histograms' buckets for this scan's date, or null for no histograms */
    public ChunkParser(boolean escapedPaths, LineParser.Format format, Buckets buckets, String failureMarker) {
        this(escapedPaths, format, buckets, failureMarker, new GroupBuffers());
    }

    /**
     * @param pool where the group columns of each chunk come from, and go back to once the
     *             accumulator has merged them (see {@link GroupBuffers}); a pool nobody gives back
     *             to makes new ones
     */
    public ChunkParser(boolean escapedPaths, LineParser.Format format, Buckets buckets, String failureMarker,
                       GroupBuffers pool) {
        this.lineParser = new LineParser(escapedPaths, format);
        this.buckets = buckets;
        this.pool = pool;
        this.failureMarker = failureMarker == null || failureMarker.isEmpty()
                ? null : failureMarker.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses every line of {@code data[0, length)}; throws if any line makes the parser throw. */
    public ParsedChunk parse(long chunkId, byte[] data, int length) {
        return run(chunkId, data, length, false);
    }

    /**
     * The careful path after a failure: each line on its own, a line that throws is rejected and
     * the rest of the chunk still counts.
     */
    public ParsedChunk parseLineByLine(long chunkId, byte[] data, int length) {
        return run(chunkId, data, length, true);
    }

    private ParsedChunk run(long chunkId, byte[] data, int length, boolean isolateLines) {
        if (acc == null) {
            acc = new Acc(length, buckets, pool);
        }
        Acc acc = this.acc;
        acc.clear();
        int pos = 0;
        int lineNo = 0;
        while (pos < length) {
            int nl = Bytes.newline(data, pos, length);
            int end = nl < 0 ? length : nl;
            if (isolateLines) {
                try {
                    parseOne(data, pos, end, lineNo, acc);
                } catch (RuntimeException e) {
                    acc.reject(lineNo, "parser failed on this line: " + e, data, pos, end);
                }
            } else {
                parseOne(data, pos, end, lineNo, acc);
            }
            lineNo++;
            pos = end + 1;
        }
        return acc.build(chunkId, lineNo);
    }

    private void parseOne(byte[] data, int start, int end, int lineNo, Acc acc) {
        if (failureMarker != null && contains(data, start, end, failureMarker)) {
            throw new IllegalStateException("injected parser failure (test hook)");
        }
        lineParser.parse(data, start, end, line);
        switch (line.kind) {
            case HEADER:
                acc.headerLines++;
                break;
            case MALFORMED:
                acc.reject(lineNo, line.malformedReason, data, start, end);
                break;
            default:
                if (line.directory) {
                    acc.directoryLines++;
                    acc.directories.add(line.pathBuf, line.pathStart, line.pathEnd);
                } else if (acc.addFile(line)) {
                    acc.fileLines++;
                } else {
                    acc.reject(lineNo, "sizes of this directory's files sum past 2^63 bytes", data, start, end);
                }
        }
    }

    private static boolean contains(byte[] data, int start, int end, byte[] needle) {
        outer:
        for (int i = start; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Per-chunk state: an open-addressing table of groups keyed by (parent, uid, gid), the parent
     * told by its 128-bit {@link PathHash}, not its bytes: in no directory order a group found
     * again was last touched thousands of lines before, and comparing its bytes read two cold
     * arrays (their ends and the bytes) where the two longs of the hash are one. Two directories
     * of one chunk merge only if both 64-bit halves, from random starting values, collide (for a
     * chunk's 20,000 groups about 2^-100); the tree tells a path by 96 bits and its name.
     */
    private static final class Acc {
        int headerLines;
        int directoryLines;
        int fileLines;
        final PathList.Builder directories;
        final PathList.Builder parents;
        final List<Reject> rejects = new ArrayList<>();
        int[] slots;
        int groups;
        /**
         * The groups' keys and figures are a record of GW longs a group (at GW * g) in
         * {@code out.records}, laid out as {@link FileGroups} hands them over: in no directory order
         * most lines add to a group last touched thousands of lines before, out of the core's
         * cache, and a record is one or two misses where a column a figure was one a figure. While
         * the chunk is parsed, [HIST] holds the group's table hash (low 32 bits) and its first
         * file's age bucket (bits 32-39) and size bucket (40-47), which {@link #build} turns into
         * the group's histogram cells; [7], while the group has one file, that file's allocated
         * bytes, then where its histogram block starts (see {@link #addHist}).
         */
        static final int GW = FileGroups.RECORD;
        private static final int HASH = FileGroups.HIST;
        private static final int SCRATCH = 7;
        // The groups' records, each group's directory's PathHash and its parent's, and its name as
        // one long (which the accumulator checks) go to the accumulator as they are (see
        // GroupBuffers): a set taken from the pool for each chunk.
        final GroupBuffers pool;
        GroupBuffers.Columns out;

        final Buckets buckets;
        // Histogram cells: a group's first file is kept in its record (its age and size buckets and
        // its bytes: most groups of a scan in no directory order have one file); from its second,
        // the group owns a block of SLOTS counters (12 age buckets, then 10 size buckets): two
        // array increments per file, no hashing.
        final long[] pathHash = new long[4];
        static final int AGE_SLOTS = 12;
        static final int SLOTS = AGE_SLOTS + 10;
        int histBlocks;
        long[] slotFiles = new long[SLOTS * 64];
        long[] slotBytes = new long[SLOTS * 64];

        Acc(int chunkBytes, Buckets buckets, GroupBuffers pool) {
            directories = new PathList.Builder(chunkBytes / 64, 64);
            parents = new PathList.Builder(chunkBytes / 16, 256);
            slots = new int[1024];
            this.buckets = buckets;
            this.pool = pool;
            out = pool.takeColumns(256);
        }

        /** Empty again for the next chunk; the arrays keep their size and are overwritten as groups come. */
        void clear() {
            headerLines = 0;
            directoryLines = 0;
            fileLines = 0;
            directories.clear();
            parents.clear();
            rejects.clear();
            if (groups > 0) {
                Arrays.fill(slots, 0);
            }
            groups = 0;
            histBlocks = 0;
        }

        /** The age bucket of a group's first file, from its record's [HASH] long while the chunk is parsed. */
        private static int firstAge(long key) {
            return (int) (key >>> 32) & 0xFF;
        }

        /** The size bucket of a group's first file, from its record's [HASH] long. */
        private static int firstSize(long key) {
            return (int) (key >>> 40) & 0xFF;
        }

        /** A new histogram block, empty; returns where it starts. */
        private int newHistBlock() {
            int base = histBlocks++ * SLOTS;
            if (base + SLOTS > slotFiles.length) {
                slotFiles = Arrays.copyOf(slotFiles, slotFiles.length * 2);
                slotBytes = Arrays.copyOf(slotBytes, slotBytes.length * 2);
            }
            // A block used by an earlier chunk.
            Arrays.fill(slotFiles, base, base + SLOTS, 0);
            Arrays.fill(slotBytes, base, base + SLOTS, 0);
            return base;
        }

        private void addHist(int base, int age, int size, long bytes) {
            slotFiles[base + age]++;
            slotBytes[base + age] += bytes;
            slotFiles[base + AGE_SLOTS + size]++;
            slotBytes[base + AGE_SLOTS + size] += bytes;
        }

        void reject(int lineNo, String reason, byte[] data, int start, int end) {
            int len = Math.min(end - start, Reject.MAX_TEXT);
            if (len > 0 && end - start <= Reject.MAX_TEXT && data[start + len - 1] == '\r') {
                len--;
            }
            rejects.add(new Reject(lineNo, reason, Arrays.copyOfRange(data, start, start + len)));
        }

        /** False, adding nothing, when the line would take its group's byte sums past 2^63. */
        boolean addFile(ParsedLine l) {
            byte[] p = l.pathBuf;
            int slash = l.pathEnd - 1;
            while (p[slash] != '/') {
                slash--;
            }
            // The parent of "/x" is "/".
            int parentEnd = slash == l.pathStart ? slash + 1 : slash;
            // The directory's PathHash (and its parent's) keys the group here and goes to the
            // accumulator with it: one hash a line, none at the end.
            PathHash.of(p, l.pathStart, parentEnd, pathHash);
            int h = hash(pathHash[0], l.uid, l.gid);
            int mask = slots.length - 1;
            int s = h & mask;
            while (true) {
                int g = slots[s] - 1;
                if (g < 0) {
                    g = newGroup(h, p, l.pathStart, parentEnd, l.uid, l.gid);
                    slots[s] = g + 1;
                    if (groups * 2 > slots.length) {
                        rehash();
                    }
                    return add(g, l);
                }
                int r = GW * g;
                long[] rec = out.records;
                if ((int) rec[r + HASH] == h && rec[r + FileGroups.UID] == l.uid && rec[r + FileGroups.GID] == l.gid
                        && out.hashes[4 * g] == pathHash[0] && out.hashes[4 * g + 1] == pathHash[1]) {
                    return add(g, l);
                }
                s = (s + 1) & mask;
            }
        }

        private boolean add(int g, ParsedLine l) {
            long[] rec = out.records;
            int r = GW * g;
            long bytes = l.allocatedBytes();
            // Every figure is a non-negative 64-bit value, so a sum that passes 2^63 turns negative;
            // the histogram cells hold parts of these sums and cannot pass them.
            if (rec[r + FileGroups.ALLOCATED] + bytes < 0 || rec[r + FileGroups.LOGICAL] + l.size < 0) {
                return false;
            }
            long files = rec[r + FileGroups.FILES];
            if (buckets != null) {
                int age = buckets.ageBucket(l.accessTime);
                int size = Buckets.sizeBucket(bytes);
                if (files == 0) {
                    rec[r + HASH] = rec[r + HASH] & 0xFFFF_FFFFL | (long) age << 32 | (long) size << 40;
                    rec[r + SCRATCH] = bytes;
                } else {
                    if (files == 1) {
                        int base = newHistBlock();
                        addHist(base, firstAge(rec[r + HASH]), firstSize(rec[r + HASH]), rec[r + SCRATCH]);
                        rec[r + SCRATCH] = base;
                    }
                    addHist((int) rec[r + SCRATCH], age, size, bytes);
                }
            }
            rec[r + FileGroups.FILES] = files + 1;
            rec[r + FileGroups.ALLOCATED] += bytes;
            rec[r + FileGroups.LOGICAL] += l.size;
            if (l.accessTime > rec[r + FileGroups.MAX_ATIME]) {
                rec[r + FileGroups.MAX_ATIME] = l.accessTime;
            }
            return true;
        }

        /** A new group of the directory {@code p[start, end)}, whose hashes are in {@link #pathHash}. */
        private int newGroup(int h, byte[] p, int start, int end, long u, long gi) {
            int g = parents.add(p, start, end);
            // The set comes from the pool with a capacity of its own.
            GroupBuffers.Columns out = this.out;
            if (g >= out.groups()) {
                out.grow(Math.max(g + 1, out.groups() * 2));
            }
            System.arraycopy(pathHash, 0, out.hashes, 4 * g, 4);
            out.names[g] = PathHash.lastName(p, start, end);
            long[] rec = out.records;
            int r = GW * g;
            rec[r + FileGroups.UID] = u;
            rec[r + FileGroups.GID] = gi;
            rec[r + FileGroups.FILES] = 0;
            rec[r + FileGroups.ALLOCATED] = 0;
            rec[r + FileGroups.LOGICAL] = 0;
            rec[r + FileGroups.MAX_ATIME] = LineParser.UNKNOWN_TIME;
            rec[r + HASH] = h & 0xFFFF_FFFFL;
            rec[r + SCRATCH] = 0;
            groups = g + 1;
            return g;
        }

        private void rehash() {
            int[] next = new int[slots.length * 2];
            int mask = next.length - 1;
            long[] rec = out.records;
            for (int g = 0; g < groups; g++) {
                int s = (int) rec[GW * g + HASH] & mask;
                while (next[s] != 0) {
                    s = (s + 1) & mask;
                }
                next[s] = g + 1;
            }
            slots = next;
        }

        private static int hash(long pathHash, long u, long g) {
            int h = PathHash.spread(pathHash);
            h ^= Long.hashCode(u) * 0x85EBCA6B ^ Long.hashCode(g) * 0xC2B2AE35;
            return h ^ (h >>> 16);
        }

        /**
         * Groups and directories in the order they came (the accumulator orders them as its own
         * tables need), each with its path's hash, computed here in parallel, and the groups'
         * histogram cells.
         */
        ParsedChunk build(long chunkId, int lines) {
            int n = groups;
            // Non-empty cells, group by group: (group, key) with size buckets under SIZE_KEY + b.
            int cells = 0;
            for (int b = 0; b < histBlocks * SLOTS; b++) {
                if (slotFiles[b] != 0) {
                    cells++;
                }
            }
            int[] hg = new int[cells];
            byte[] hk = new byte[cells];
            long[] hf = new long[cells];
            long[] hb = new long[cells];
            // Each record's [HIST] from what it held while parsing: a group of one file its two
            // buckets, a group of more where its cells are. The sums the accumulator checks on the way.
            long[] rec = out.records;
            long allocated = 0;
            long logical = 0;
            boolean wrapped = false;
            int e = 0;
            for (int i = 0; i < n; i++) {
                int r = GW * i;
                allocated += rec[r + FileGroups.ALLOCATED];
                logical += rec[r + FileGroups.LOGICAL];
                wrapped |= allocated < 0 | logical < 0;
                long key = rec[r + HASH];
                long files = rec[r + FileGroups.FILES];
                if (buckets == null || files == 0) {
                    rec[r + HASH] = 0;
                } else if (files == 1) {
                    rec[r + HASH] = FileGroups.ONE_FILE | firstAge(key) << 8 | FileGroups.SIZE_KEY + firstSize(key);
                } else {
                    int first = e;
                    int base = (int) rec[r + SCRATCH];
                    for (int slot = 0; slot < SLOTS; slot++) {
                        if (slotFiles[base + slot] != 0) {
                            e = cell(hg, hk, hf, hb, e, i, slot < AGE_SLOTS ? slot : FileGroups.SIZE_KEY + slot - AGE_SLOTS,
                                    slotFiles[base + slot], slotBytes[base + slot]);
                        }
                    }
                    rec[r + HASH] = (long) first << 32 | (e - first);
                }
            }
            // The records and the paths go as they are; the next chunk is parsed into a set the
            // accumulator gave back, or a new one.
            GroupBuffers.Columns next = pool.takeColumns(out.groups());
            PathList parentList = parents.handOver(out.hashes, out.names, pool.takePaths(parents.bytes().length), next.ends);
            FileGroups fg = new FileGroups(parentList, rec, hg, hk, hf, hb, wrapped ? -1 : allocated, wrapped ? -1 : logical);
            out = next;
            return new ParsedChunk(chunkId, lines, headerLines, directoryLines, fileLines,
                    directories.build().hashed(), fg, List.copyOf(rejects));
        }

        /** Histogram cell {@code e}: group, key, files, bytes; returns the next cell's index. */
        private static int cell(int[] hg, byte[] hk, long[] hf, long[] hb, int e, int group, int key, long files, long bytes) {
            hg[e] = group;
            hk[e] = (byte) key;
            hf[e] = files;
            hb[e] = bytes;
            return e + 1;
        }
    }
}
