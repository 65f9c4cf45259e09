package fsscan.tree;

import fsscan.scan.FileGroups;
import fsscan.scan.LineParser;
import fsscan.scan.ParsedChunk;
import fsscan.scan.PathHash;
import fsscan.scan.PathList;

import java.util.Arrays;

import static fsscan.scan.FileGroups.ALLOCATED;
import static fsscan.scan.FileGroups.FILES;
import static fsscan.scan.FileGroups.GID;
import static fsscan.scan.FileGroups.HIST;
import static fsscan.scan.FileGroups.LOGICAL;
import static fsscan.scan.FileGroups.MAX_ATIME;
import static fsscan.scan.FileGroups.UID;

/**
 * The path-to-directory map and the per-directory, per-owner file figures, in flat arrays: no
 * object per directory or per file, so memory grows with directories only.
 *
 * <p>Node 0 is "/"; every other node is a path component under its parent. Nodes are created when
 * first seen, whether listed or only implied by a path below them, in any order; a parent always
 * before its children. A path is found by one probe of an index keyed by its 128-bit
 * {@link PathHash} (computed by the parsers), its last component checked by name as the one long
 * of {@link PathHash#name} (exact under eight bytes, 56 more bits of hash else); a path not seen
 * yet is made under its parent, found by the parent's hash and checked by name the same way.
 * Paths are canonical, as the parser makes them: one {@code /} between components.
 *
 * <p>A chunk whose lines fall in few directories (many lines per path), or whose predecessor found
 * mostly directories made recently (a scan with directory locality), is applied at once, in its own
 * order: the directories it touches are in cache. A chunk of lines in no directory order (inode
 * order on a file system with years of churn) would make every path a cache miss in each table it
 * touches, so its entries are copied into a batch instead (their paths' bytes held, not copied,
 * for the few entries whose directory is new; the name each entry's directory is checked by came
 * with the chunk), and once {@link #batchTarget} are pending the batch is visited in the order of
 * the tables: by index slot to find each path's node (the slots read in ascending order), then by
 * node to apply the figures (flags, cells and histogram slots read in ascending order; cells are
 * kept in node order by {@link Cells#compact}), the records gathered into that order first.
 *
 * <p>The thread that merges only takes chunks in: three threads of the tree's own copy each
 * chunk's figures into the batch, find a full batch's directories, and apply its figures (from
 * a set of the apply thread's own, see {@link Ordered}), while the next batches fill (see
 * {@link #finder}). One thread at a time makes directories: the find
 * thread, or the merging thread for a chunk applied at once once the find thread is idle. With
 * more than one partition, the probes and the apply are shared out further over helpers, the
 * apply by partition of the directories' cells ({@link Cells}: a directory's cells are in one
 * partition for good).
 */
public final class DirectoryTree {

    /**
     * Told of each task one of the tree's threads runs (what {@code --stats} shows of that thread,
     * see {@link #meterThreadsWith}): {@link #queued} on the thread that hands it over,
     * {@link #begin} and {@link #end} on the tree's thread.
     */
    public interface StageMeter {
        StageMeter NONE = new StageMeter() {
        };

        default void queued() {
        }

        default long begin() {
            return 0;
        }

        /** A task of {@code lines} lines' work ended, begun at {@code start}. */
        default void end(long start, long lines) {
        }
    }

    static final int ROOT = 0;
    static final byte LISTED = 1;
    static final byte HAS_FILES = 2;
    /** Entries pending before a batch is applied, unless told otherwise. */
    static final int DEFAULT_BATCH = 1 << 17;
    /** A chunk with at least this many lines per entry is applied at once (its directories are few, so in cache). */
    static final int LOCAL_LINES_PER_ENTRY = 4;
    private static final int STRIDE = 2;
    private static final long NODE_BITS = 0xFFFF_FFFFL;

    private final int batchEntries;
    /**
     * Entries a batch holds before it is handed over: at least {@code batchEntries}, and a sixth
     * of the directories known (up to {@link #MAX_BATCH}) once that is more. A
     * batch spread over more directories than that finds and applies them far apart, a miss each:
     * 30M random-order lines (1.8 million directories) with batches of 2^19 entries took the apply
     * thread from 35 % busy to 24 % (BENCHMARKS.md, eleventh step). Set by the merging thread,
     * read by the copy thread to size its arrays.
     */
    private volatile int batchTarget;
    static final int MAX_BATCH = 1 << 20;
    /** Test hook: every chunk to the batch (1), every chunk at once (-1), or by its shape (0). */
    private final int route;
    private int nodes;
    private int[] parent;
    private int[] nameOff;
    private int[] nameLen;
    /** Each directory's name as {@link PathHash#name} gives it. */
    private long[] nameKey;
    private byte[] flags;
    private int[] firstCell;
    private byte[] names = new byte[1 << 16];
    private int namesUsed;

    /**
     * The path index: slot i is {@code [2i]} the first half of the path's {@link PathHash} and
     * {@code [2i+1]} the upper 32 bits of the second half above its node + 1 (0: empty): 96 bits of
     * hash and the name, checked, tell a path. Linear probing, at most half full; 16 bytes a slot.
     * A path's first slot is the top bits of {@link PathHash#spread} of the first half (see
     * {@link #slotOf}): paths in the order of their hash are then in slot order whatever the
     * index's size, so a batch can be put in that order before its directories are found.
     */
    private long[] index;
    private int indexMask;
    /** 32 less the bits of a slot number. */
    private int indexShift;
    /** The bits of hash a batch is ordered by (see {@link #orderBySlot}): slot order for an index of up to 2^22 slots. */
    private static final int SLOT_ORDER_BITS = 22;

    /**
     * Per (directory, uid, gid) cells, chained per directory, in partitions: directory n's are in
     * {@code parts[partOf(n)]}, by blocks of 2^PART_BITS directories. A batch's cells are updated
     * by one thread a partition, this one and {@code helpers}.
     */
    static final int PART_BITS = 8;
    private final Cells[] parts;
    private final java.util.concurrent.ThreadPoolExecutor helpers;

    // The batch: entries (a listed directory or a file group each) from chunks, which are not
    // kept, only their path bytes until the batch's directories are found. Per entry: its hash and
    // its parent's, its last component as PathHash.name gives it (checked against the name of the
    // directory its hash finds: a collision of path hashes is then told without reading either
    // name, exactly for a name of under eight bytes, by 56 more bits of hash else), where its path
    // is (the chunk's path bytes and the range in them), and a record of REC longs that is all the
    // apply reads, the group's as the parser made it (see FileGroups, whose offsets name its
    // longs): its figures [UID-MAX_ATIME]; its histogram cells [HIST]: for a group of one file,
    // whose two cells are (age, 1, allocated) and (size, 1, allocated), FileGroups.ONE_FILE | age
    // key << 8 | size key, else where its cells are in hbuf, start << 32 | count; LISTED for a
    // listed directory; [7] unused (a record is one cache line).
    private static final int REC = FileGroups.RECORD;
    private static final long LISTED_ENTRY = 1L << 62;
    /** Entries applied together: their records and table entries are loaded before any is used. */
    private static final int GROUP = 64;
    /**
     * A batch: its entries' keys (hash, name, path; written by the accumulator's thread, read by
     * the find thread), records (the copy thread's) and nodes (the find thread's), which the copy
     * thread puts in node order into an {@link Ordered} set for the apply thread. Two batches:
     * one filled while the other's directories are found (see {@link #flush}).
     */
    private static final class Batch {
        // Entries, histogram cells and lines in the batch so far.
        int batched;
        int batchedHist;
        long lines;
        /** Entry e's path's {@link PathHash} at [4e] and [4e + 1], its parent's at [4e + 2] and [4e + 3], as the parser sent them. */
        long[] eHash = new long[0];
        /** Entry e's last component as {@link PathHash#name} gives it, which the parser computed. */
        long[] eName = new long[0];
        int[] ePathStart = new int[0];
        int[] ePathEnd = new int[0];
        /** Entry e's path is in {@code sources[eSource[e]]}: the path bytes of the batch's chunks, held, not copied. */
        int[] eSource = new int[0];
        byte[][] sources = new byte[16][];
        /** Whether source i is a chunk's group paths, given back to the parsers once the batch's directories are found. */
        boolean[] sourceGivenBack = new boolean[16];
        int sourceCount;
        long batchedBytes;
        /** Entry e's record at [REC * e] (see {@link #REC}), gathered in node order into an {@link Ordered} set. */
        long[] rec = new long[0];
        /** Histogram cells of the batch's groups of several files, three longs each (key, files, bytes), a group's side by side. */
        long[] hbuf = new long[0];
        // The entries' hashes and names in slot order (see orderBySlot).
        long[] sh1 = new long[0];
        long[] sh2 = new long[0];
        long[] sName = new long[0];
        // Each entry's slot key, then its node; the entries in slot order, then in node order.
        int[] eKey = new int[0];
        int[] eOrder = new int[0];
        int[] eTmp = new int[0];
        final RadixOrder radix;
        /** Its directories being found (see {@link #flush}), null once the accumulator's thread saw it end. */
        java.util.concurrent.Future<?> found;
        /** Its records being put in node order (see {@link #orderRecords}): handed over by the find thread. */
        java.util.concurrent.Future<?> ordered;

        Batch(int threads) {
            radix = new RadixOrder(threads);
        }

        long heapBytes() {
            return (8L * 8 + 8 * REC) * eName.length + 4L * 6 * eKey.length + 8L * hbuf.length + batchedBytes;
        }
    }

    /**
     * What the apply thread reads of a batch: its records and nodes in node order, and its
     * histogram cells, which the copy thread puts here (see {@link #orderRecords}), so that the
     * batch can be filled again while its figures are applied. Two sets alternate; a set is
     * filled again once the batch applied from it before is applied.
     */
    private static final class Ordered {
        long[] rec = new long[0];
        int[] nodes = new int[0];
        long[] hbuf = new long[0];
        /** The figures of the batch last put here, being applied; set and read by the find thread. */
        java.util.concurrent.Future<?> applied;
        /** Per partition, what the loads ahead of use added up to. */
        final long[] touched;

        Ordered(int threads) {
            touched = new long[threads];
        }

        long heapBytes() {
            return 8L * rec.length + 4L * nodes.length + 8L * hbuf.length;
        }
    }

    /** The sets the apply thread reads batches from, in turn: the next is {@code ordered[nextOrdered]}. */
    private Ordered[] ordered;
    private int nextOrdered;
    /** The batch being filled: its directories are not being found nor its figures applied. */
    private Batch filling;
    /** The batch filled before: its directories may be being found, its records put in node order. */
    private Batch spare;
    /** Where a chunk's group paths go once the tree no longer reads them (see {@link #givePathsBackTo}). */
    private java.util.function.Consumer<byte[]> pathsDone = b -> { };
    /** The find thread's scratch: nodes in slot order. */
    private int[] sNode = new int[0];
    /** What the find thread's loads ahead of use add up to. */
    private long findTouched;
    /** What the loads ahead of use add up to, kept so that they are not dropped as dead code. */
    private long touched;
    /**
     * The tree's own threads, each running its tasks one after the other in the order given. A
     * batch goes through three, while the accumulator's thread takes the next chunks: the copy
     * thread copies each chunk's figures into the batch's records as the chunk comes, and puts a
     * full batch in index-slot order for the find thread, then its records in node order for the
     * apply thread; the find thread finds (or makes) the batch's directories; the apply thread
     * applies its figures
     * (cells and histograms, flags, first cells: that thread's). The path index and the
     * directories' names are the find thread's while it finds a batch's, the accumulator's thread's
     * otherwise (it waits for the find thread before it applies a chunk at once).
     */
    private final Stage finder;
    private final Stage copier;
    private final Stage applier;
    /** The last batch handed to the find thread, and to the copy thread, null once seen done. */
    private java.util.concurrent.Future<?> lastFind;
    private java.util.concurrent.Future<?> lastCopy;
    /** What {@link #lineOrder} tells: chunks merged, chunks of them batched, and their file groups. */
    private long chunksMerged;
    private long chunksBatched;
    private long fileGroupsMerged;
    /** Chunks handed to the copy thread and maybe not copied yet, oldest first: at most {@link #IN_FLIGHT}. */
    private final java.util.ArrayDeque<java.util.concurrent.Future<?>> copies = new java.util.ArrayDeque<>();
    /** Chunks handed to the apply thread and maybe not applied yet, oldest first: at most {@link #IN_FLIGHT}. */
    private final java.util.ArrayDeque<java.util.concurrent.Future<?>> direct = new java.util.ArrayDeque<>();
    /**
     * Chunks whose figures may wait for the apply thread (applied at once) or for the copy
     * thread (into a batch), each: each holds its groups' columns until then (see
     * {@link #giveColumnsBackTo}).
     */
    private static final int IN_FLIGHT = 4;
    /** Where a chunk's group columns go once the tree no longer reads them (see {@link #giveColumnsBackTo}). */
    private java.util.function.Consumer<FileGroups> columnsDone = g -> { };
    private final long[] oneHash = new long[4];
    private final long[] walkHash = new long[4];
    // The walk's scratch: component bounds and prefix hashes.
    private int[] compStart = new int[32];
    private int[] compEnd = new int[32];
    private long[] prefix1 = new long[33];
    private long[] prefix2 = new long[33];
    // The direct path's last path, by its hash: consecutive groups are often in one directory.
    private long lastHash1;
    private long lastHash2;
    private int lastNode = -1;
    /** A directory older than the newest RECENT ones is taken to be out of cache. */
    private static final int RECENT = 1 << 16;
    // Entries that found such a directory: of the chunk (or batch) being applied, and of the last
    // one, with the last one's entries. Where most do, a chunk is sent to the batch.
    private int cold;
    private volatile int coldLast;
    private volatile int entriesLast;
    /** Directories known once the last chunk or batch's were found, for {@link #size}. */
    private volatile int knownNodes = 1;

    /** A tree that applies its batches on this thread only. */
    public DirectoryTree() {
        this(1);
    }

    /**
     * A tree that applies its batches on {@code threads} threads (a power of two, at most 64): this
     * one and helpers of its own, which end when idle for a few seconds.
     */
    public DirectoryTree(int threads) {
        this(DEFAULT_BATCH, 0, threads);
    }

    DirectoryTree(int batchEntries, int route) {
        this(batchEntries, route, 1);
    }

    /**
     * A tree whose batches hold at least {@code batchEntries} entries; {@code route} 1 sends every
     * chunk to the batch, -1 applies every chunk at once, 0 chooses by the chunk (tests compare them).
     */
    DirectoryTree(int batchEntries, int route, int threads) {
        if (!isThreadCount(threads)) {
            throw new IllegalArgumentException("accumulator threads must be a power of two from 1 to 64, not " + threads);
        }
        this.batchEntries = Math.max(1, batchEntries);
        this.batchTarget = this.batchEntries;
        this.route = route;
        parts = new Cells[threads];
        for (int p = 0; p < threads; p++) {
            parts[p] = new Cells(1024);
        }
        helpers = threads == 1 ? null : pool(threads - 1, "fsscan-accumulator-helper-");
        filling = new Batch(threads);
        spare = new Batch(threads);
        ordered = new Ordered[] {new Ordered(threads), new Ordered(threads)};
        finder = new Stage("fsscan-accumulator-find");
        copier = new Stage("fsscan-accumulator-copy");
        applier = new Stage("fsscan-accumulator-apply");
        int cap = 1024;
        parent = new int[cap];
        nameOff = new int[cap];
        nameLen = new int[cap];
        nameKey = new long[cap];
        flags = new byte[cap];
        firstCell = new int[cap];
        Arrays.fill(firstCell, -1);
        index = new long[STRIDE * cap * 2];
        indexMask = cap * 2 - 1;
        indexShift = Integer.numberOfLeadingZeros(indexMask);
        parent[ROOT] = -1;
        firstCell[ROOT] = -1;
        nodes = 1;
        indexPath(PathHash.ROOT1, PathHash.ROOT2, ROOT);
    }

    /**
     * How the scan's lines came, as the merges saw them: {@code chunks} chunks, {@code batched} of
     * them taken into batches (the rest applied as they came), and {@code fileGroups} groups of
     * files in them (a directory's files of one owner in one chunk). Over the scan's (directory,
     * owner) cells, the file groups are the chunks such files came in on average: 1 where they
     * came together, more the further apart they came.
     */
    public record LineOrder(long chunks, long batched, long fileGroups) {
    }

    /** The chunks merged so far, as {@link LineOrder} tells them. */
    public LineOrder lineOrder() {
        return new LineOrder(chunksMerged, chunksBatched, fileGroupsMerged);
    }

    /** Number of directories known so far, listed or implied, "/" included (a pending batch not counted). */
    public int size() {
        return knownNodes;
    }

    /** Listed directory lines merged so far; waits for the figures being applied, if any. */
    public long listedDirectoryLines() {
        awaitFigures();
        long n = 0;
        for (Cells c : parts) {
            n += c.listedLines;
        }
        return n;
    }

    /** File lines merged so far; waits for the figures being applied, if any. */
    public long fileLines() {
        awaitFigures();
        long n = 0;
        for (Cells c : parts) {
            n += c.fileLines;
        }
        return n;
    }

    /** Whether a tree can apply its batches on this many threads: a power of two from 1 to 64. */
    public static boolean isThreadCount(int threads) {
        return threads >= 1 && threads <= 64 && Integer.bitCount(threads) == 1;
    }

    /** The partition of directory n's cells among {@code parts} (a power of two). */
    static int partOf(int n, int parts) {
        return (n >>> PART_BITS) & (parts - 1);
    }

    private Cells cellsOf(int n) {
        return parts[partOf(n, parts.length)];
    }

    /** Daemon threads named {@code name} (and a number, for a name ending in "-"), ending when idle for a few seconds. */
    private static java.util.concurrent.ThreadPoolExecutor pool(int threads, String name) {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads,
                5, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name.endsWith("-") ? name + made.incrementAndGet() : name);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** One of the tree's threads (see {@link #finder}): its tasks run one after the other, in the order given. */
    private static final class Stage {
        private final java.util.concurrent.ThreadPoolExecutor thread;
        volatile StageMeter meter = StageMeter.NONE;
        /** The first failure of a task, thrown by {@link #drain}. */
        private volatile Throwable failure;

        Stage(String name) {
            thread = pool(1, name);
        }

        /** Runs {@code task}, {@code lines} lines' work, after the tasks given before it. */
        java.util.concurrent.Future<?> submit(long lines, Runnable task) {
            return submit(lines, null, task);
        }

        /**
         * Runs {@code task} after the tasks given before it and once {@code after} (another
         * thread's task, null for none) has ended: the wait for it is not this thread's work.
         */
        java.util.concurrent.Future<?> submit(long lines, java.util.concurrent.Future<?> after, Runnable task) {
            StageMeter m = meter;
            m.queued();
            return thread.submit(() -> {
                if (after != null) {
                    await(after);
                }
                long start = m.begin();
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    }
                    throw e;
                }
                m.end(start, lines);
            });
        }

        /** Waits until every task given so far has ended; the first that failed is thrown here. */
        void drain() {
            // Shut down once drained (the tree finished): nothing left to wait for.
            if (!thread.isShutdown()) {
                await(thread.submit(() -> { }));
            }
            rethrow(failure);
        }

        void shutdown() {
            thread.shutdown();
        }
    }

    /**
     * Runs {@code task} for every partition, the first on this thread and the others on the
     * helpers, and returns when all have ended (all of them, even when one failed: none is left
     * writing to the tree); a failure is thrown here.
     */
    private void inParallel(java.util.function.IntConsumer task) {
        if (helpers == null) {
            task.accept(0);
            return;
        }
        java.util.concurrent.Future<?>[] running = new java.util.concurrent.Future<?>[parts.length - 1];
        for (int p = 1; p < parts.length; p++) {
            int part = p;
            running[p - 1] = helpers.submit(() -> task.accept(part));
        }
        Throwable failure = null;
        try {
            task.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (java.util.concurrent.Future<?> f : running) {
            Throwable t = failureOf(f);
            if (failure == null) {
                failure = t;
            }
        }
        rethrow(failure);
    }
    /** A share {@code [from, to)} of a batch's entries (see {@link #inRanges}). */
    private interface Range {
        void run(int from, int to);
    }

    /** Runs {@code task} over entries {@code [0, n)}, split evenly among this thread and the helpers (see {@link #inParallel}). */
    private void inRanges(int n, Range task) {
        int threads = parts.length;
        inParallel(p -> task.run(RadixOrder.split(n, p, threads), RadixOrder.split(n, p + 1, threads)));
    }


    /**
     * Hands each merged chunk's group paths ({@code groups().parents().bytes()}) to {@code done}
     * once the tree no longer reads them: at once for a chunk applied at once, when its batch is
     * applied otherwise. Nothing else of a chunk is read once {@link #merge} returns.
     */
    public void givePathsBackTo(java.util.function.Consumer<byte[]> done) {
        pathsDone = done;
    }

    /**
     * Hands each merged chunk's groups ({@code groups()}, their columns) to {@code done} once the
     * tree no longer reads them, on one of the tree's threads: the copy thread once it copied them
     * into the batch, the apply thread once it applied a chunk applied at once.
     */
    public void giveColumnsBackTo(java.util.function.Consumer<FileGroups> done) {
        columnsDone = done;
    }

    /**
     * Reports the work of the tree's threads (see {@link #finder}) to the meters {@code meters}
     * gives for "find", "copy" and "apply".
     */
    public void meterThreadsWith(java.util.function.Function<String, StageMeter> meters) {
        finder.meter = meters.apply("find");
        copier.meter = meters.apply("copy");
        applier.meter = meters.apply("apply");
    }

    /** Adds what a parser made of one chunk: at once, or into the batch (see the class comment). */
    public void merge(ParsedChunk chunk) {
        int entries = chunk.directories().size() + chunk.groups().size();
        boolean local = route < 0 || route == 0 && ((long) entries * LOCAL_LINES_PER_ENTRY <= chunk.lines()
                || 2L * coldLast <= entriesLast);
        chunksMerged++;
        chunksBatched += local ? 0 : 1;
        fileGroupsMerged += chunk.groups().size();
        if (local) {
            // The index is this thread's once the batches handed over have their directories.
            awaitFinds();
            cold = 0;
            applyDirect(chunk);
            coldLast = cold;
            entriesLast = entries;
            knownNodes = nodes;
            pathsDone.accept(chunk.groups().parents().bytes());
            return;
        }
        append(chunk);
        if (filling.batched >= batchTarget) {
            flush();
        }
    }

    /**
     * Hands the pending batch to the find thread, which finds (or makes) its directories and then
     * hands it to the apply thread, while this thread takes the next chunks into the other batch
     * (once that one's directories are found and its records put in node order for the apply
     * thread: its figures may still be being applied).
     */
    public void flush() {
        Batch b = filling;
        if (b.batched == 0) {
            return;
        }
        int n = b.batched;
        long lines = b.lines;
        Ordered o = ordered[nextOrdered];
        nextOrdered ^= 1;
        java.util.concurrent.Future<?> bySlot = copier.submit(0, () -> orderBySlot(b, n));
        b.found = finder.submit(lines, bySlot, () -> {
            coldLast = findNodes(b, n);
            entriesLast = n;
            knownNodes = nodes;
            // The paths are not read again.
            for (int i = 0; i < b.sourceCount; i++) {
                if (b.sourceGivenBack[i]) {
                    pathsDone.accept(b.sources[i]);
                }
            }
            Arrays.fill(b.sources, 0, b.sourceCount, null);
            b.sourceCount = 0;
            b.batchedBytes = 0;
            int nodeCount = nodes;
            // The entries in node order, the order the apply thread applies them in: put so by
            // the copy thread, once it copied the batch's last chunk, into a set the apply thread
            // is done with; the batch can then be filled again while its figures are applied.
            java.util.concurrent.Future<?> before = o.applied;
            b.ordered = copier.submit(0, before, () -> orderRecords(b, n, nodeCount, o));
            o.applied = applier.submit(lines, b.ordered, () -> applyFigures(o, n, nodeCount));
        });
        lastFind = b.found;
        batchTarget = (int) Math.max(batchEntries, Math.min(MAX_BATCH, knownNodes / 6L));
        filling = spare;
        spare = b;
        settle(filling);
    }

    /**
     * Applies the pending batch and waits until every chunk merged so far is in the tree: its
     * directories found and its figures applied by the tree's threads.
     */
    public void flushAndWait() {
        flush();
        awaitFigures();
    }

    /**
     * Waits until the directories of batch {@code b}, if handed over, are found and its records
     * put in node order for the apply thread: it is empty again (its figures may still be being
     * applied).
     */
    private void settle(Batch b) {
        if (b.found == null) {
            return;
        }
        await(b.found);
        b.found = null;
        await(b.ordered);
        b.ordered = null;
        b.batched = 0;
        b.batchedHist = 0;
        b.lines = 0;
    }

    /** Waits until the find thread is idle: the index and the names are this thread's. */
    private void awaitFinds() {
        if (lastFind != null) {
            await(lastFind);
            lastFind = null;
        }
    }

    /** Waits until the tree's threads are idle, every chunk and batch handed to them done. */
    private void awaitFigures() {
        if (lastCopy != null) {
            await(lastCopy);
            lastCopy = null;
        }
        copies.clear();
        settle(spare);
        awaitFinds();
        applier.drain();
        direct.clear();
        for (Ordered o : ordered) {
            o.applied = null;
            for (int p = 0; p < parts.length; p++) {
                touched += o.touched[p];
                o.touched[p] = 0;
            }
        }
    }

    /** Waits for a task of one of the tree's threads; its failure is thrown here. */
    private static void await(java.util.concurrent.Future<?> f) {
        rethrow(failureOf(f));
    }

    /**
     * Waits until task {@code f} has ended, an interrupt kept for after the wait (a task is never
     * left writing to the tree); returns what it threw, or null.
     */
    private static Throwable failureOf(java.util.concurrent.Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws {@code failure} (a checked one wrapped), if any. */
    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Room in the figures' per-directory arrays (flags, first cells) for directory {@code node}. */
    private void figureRoom(int node) {
        if (node >= firstCell.length) {
            int from = firstCell.length;
            int cap = Math.max(node + 1, from * 2);
            firstCell = Arrays.copyOf(firstCell, cap);
            Arrays.fill(firstCell, from, cap, -1);
            flags = Arrays.copyOf(flags, cap);
        }
    }

    /**
     * On the apply thread: applies batch {@code b}'s figures, its entries' nodes found and its
     * records in node order (see {@link #orderRecords}), to the directories' cells
     * ({@code nodeCount} directories then), then compacts the cells where they grew by a quarter.
     */
    private void applyFigures(Ordered o, int n, int nodeCount) {
        figureRoom(nodeCount - 1);
        inParallel(p -> applyPart(o, p, n));
        inParallel(p -> {
            if (parts[p].wantsCompact()) {
                parts[p].compact(firstCell, nodeCount, p, parts.length);
            }
        });
    }

    // ---- A chunk at once ----

    /**
     * Finds (or makes) the chunk's directories here, then hands the chunk's figures to the figures
     * thread, after the batches and chunks handed before it.
     */
    private void applyDirect(ParsedChunk chunk) {
        PathList dirs = chunk.directories();
        FileGroups g = chunk.groups();
        PathList parents = g.parents();
        int[] node = new int[dirs.size() + g.size()];
        for (int i = 0; i < dirs.size(); i++) {
            node[i] = resolve(dirs, i);
        }
        for (int i = 0; i < g.size(); i++) {
            node[dirs.size() + i] = resolve(parents, i);
        }
        int nodeCount = nodes;
        if (direct.size() >= IN_FLIGHT) {
            await(direct.poll());
        }
        direct.add(applier.submit(chunk.lines(), () -> {
            applyDirectFigures(dirs.size(), g, node, nodeCount);
            columnsDone.accept(g);
        }));
    }

    /** On the apply thread: the figures of a chunk applied at once, its directories' nodes found. */
    private void applyDirectFigures(int dirs, FileGroups g, int[] node, int nodeCount) {
        figureRoom(nodeCount - 1);
        for (int i = 0; i < dirs; i++) {
            markListed(node[i]);
        }
        long[] rec = g.records();
        for (int i = 0; i < g.size(); i++) {
            int n = node[dirs + i];
            Cells cs = cellsOf(n);
            int r = REC * i;
            int cell = cs.addFiles(firstCell, flags, n, rec[r + UID], rec[r + GID], rec[r + FILES], rec[r + ALLOCATED],
                    rec[r + LOGICAL], rec[r + MAX_ATIME]);
            long hist = rec[r + HIST];
            if (hist < 0) {
                cs.histograms.addOneFile(cell, (int) hist, rec[r + ALLOCATED]);
                continue;
            }
            int end = (int) (hist >>> 32) + (int) hist;
            for (int h = (int) (hist >>> 32); h < end; h++) {
                cs.histograms.add(cell, g.histKey()[h], g.histFiles()[h], g.histBytes()[h]);
            }
        }
    }

    /**
     * The node of path i of the list, made when not seen yet: found by its hash and checked by
     * its last component's name as {@link PathHash#name} gives it (as a batch's probe checks it);
     * a path not found so, new or a collision of hashes, is found past the directory of the same
     * hash and another name, or made (see {@link #create}).
     */
    private int resolve(PathList list, int i) {
        long h1;
        long h2;
        if (list.hasHashes()) {
            h1 = list.hash1(i);
            h2 = list.hash2(i);
        } else {
            hashes(list, i, oneHash);
            h1 = oneHash[0];
            h2 = oneHash[1];
        }
        long name = list.nameKey(i);
        if (lastNode >= 0 && h1 == lastHash1 && h2 == lastHash2 && nameKey[lastNode] == name) {
            return lastNode;
        }
        int n = probe(h1, h2, slotOf(h1, indexShift));
        if (n < 0 || nameKey[n] != name) {
            hashes(list, i, oneHash);
            byte[] p = list.bytes();
            int start = list.start(i);
            int last = PathHash.trimEnd(p, start, list.end(i));
            int first = PathHash.componentStart(p, start, last);
            n = create(p, start, list.end(i), first, last, h1, h2, name, oneHash[2], oneHash[3]);
        }
        lastHash1 = h1;
        lastHash2 = h2;
        lastNode = n;
        if (n < nodes - RECENT) {
            cold++;
        }
        return n;
    }

    private void hashes(PathList list, int i, long[] out) {
        if (list.hasHashes()) {
            out[0] = list.hash1(i);
            out[1] = list.hash2(i);
            out[2] = list.parentHash1(i);
            out[3] = list.parentHash2(i);
        } else {
            PathHash.of(list.bytes(), list.start(i), list.end(i), out);
        }
    }

    // ---- The batch ----

    /**
     * Copies a chunk's entries into the batch: their keys here (hash, name, where the path is),
     * their figures and histogram cells on the copy thread. Of the chunk only its path bytes are
     * kept, until the batch's directories are found: a path is read again only to make its
     * directory (in no directory order, copying every path was 6 % of the accumulator's time).
     */
    private void append(ParsedChunk chunk) {
        PathList dirs = chunk.directories();
        FileGroups g = chunk.groups();
        PathList parents = g.parents();
        int hist = g.histGroup().length;
        Batch b = filling;
        int entries = dirs.size() + g.size();
        int e0 = b.batched;
        int h0 = b.batchedHist;
        reserve(b, e0 + entries);
        int dirSource = source(b, dirs.bytes(), false);
        int parentSource = source(b, parents.bytes(), true);
        // On this thread only: the helpers, if any, are the find and apply threads' (a few
        // sequential copies here are not worth waiting for one).
        copyHashes(b, dirs, e0, oneHash);
        for (int i = 0; i < dirs.size(); i++) {
            addEntry(b, dirs, dirSource, i, e0 + i);
        }
        copyHashes(b, parents, e0 + dirs.size(), oneHash);
        for (int i = 0; i < g.size(); i++) {
            addEntry(b, parents, parentSource, i, e0 + dirs.size() + i);
        }
        b.batched += entries;
        b.batchedHist += hist;
        b.lines += chunk.lines();
        // The figures are copied into the batch's records on the copy thread, which then gives the
        // columns back.
        if (copies.size() >= IN_FLIGHT) {
            await(copies.poll());
        }
        lastCopy = copier.submit(0, () -> {
            reserveFigures(b, e0 + entries, h0 + hist);
            for (int i = 0; i < dirs.size(); i++) {
                b.rec[REC * (e0 + i) + HIST] = LISTED_ENTRY;
            }
            copyGroups(b, g, e0 + dirs.size(), h0);
            columnsDone.accept(g);
        });
        copies.add(lastCopy);
    }

    /**
     * Holds a chunk's path bytes until the batch's directories are found, then gives them back if
     * {@code givenBack} (a chunk's group paths); returns their number.
     */
    private static int source(Batch b, byte[] bytes, boolean givenBack) {
        if (b.sourceCount == b.sources.length) {
            b.sources = Arrays.copyOf(b.sources, b.sourceCount * 2);
            b.sourceGivenBack = Arrays.copyOf(b.sourceGivenBack, b.sourceCount * 2);
        }
        b.sources[b.sourceCount] = bytes;
        b.sourceGivenBack[b.sourceCount] = givenBack;
        b.batchedBytes += bytes.length;
        return b.sourceCount++;
    }

    /**
     * On the copy thread: the records of the chunk's groups, batch entries {@code e0 + i}, in the
     * order they came: one copy, the parser made them as a batch holds them (see
     * {@link FileGroups}). Their histogram cells are copied to the batch's from {@code h0} on, and
     * the records of their groups pointed there (a group of one file has none: its two buckets
     * are in its record instead).
     */
    private static void copyGroups(Batch b, FileGroups g, int e0, int h0) {
        int[] hg = g.histGroup();
        byte[] hk = g.histKey();
        long[] hf = g.histFiles();
        long[] hb = g.histBytes();
        long[] rec = b.rec;
        long[] hbuf = b.hbuf;
        System.arraycopy(g.records(), 0, rec, REC * e0, REC * g.size());
        long moved = (long) h0 << 32;
        for (int c = 0; c < hg.length; c++) {
            int at = 3 * (h0 + c);
            hbuf[at] = hk[c];
            hbuf[at + 1] = hf[c];
            hbuf[at + 2] = hb[c];
            if (c == 0 || hg[c] != hg[c - 1]) {
                rec[REC * (e0 + hg[c]) + HIST] += moved;
            }
        }
    }

    /**
     * The hashes of the list's paths, to batch entries {@code e0} on: one copy of the four longs a
     * path the parser sent (computed here for a list without them).
     */
    private void copyHashes(Batch b, PathList list, int e0, long[] scratch) {
        if (list.hasHashes()) {
            list.copyHashes(0, list.size(), b.eHash, 4 * e0);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            hashes(list, i, scratch);
            System.arraycopy(scratch, 0, b.eHash, 4 * (e0 + i), 4);
        }
    }

    /** Batch entry e: path i of the list, whose bytes are source {@code source} (its hashes copied already). */
    private static void addEntry(Batch b, PathList list, int source, int i, int e) {
        b.eName[e] = list.nameKey(i);
        b.eSource[e] = source;
        b.ePathStart[e] = list.start(i);
        b.ePathEnd[e] = list.end(i);
    }

    /**
     * The entries a batch's arrays of {@code length} grow to for {@code entries}: twice as many, up
     * to a batch and an eighth (the chunk that fills a batch passes it by less than that), at
     * least {@code entries}. Doubling past the batch's size left arrays of twice what a batch holds.
     */
    private int capacity(int length, int entries) {
        long room = (long) batchTarget + batchTarget / 8;
        return (int) Math.max(entries, Math.min(Math.max(2L * length, 1024), room));
    }

    /** Room for a batch of this many entries' keys (this thread's arrays), what it holds kept. */
    private void reserve(Batch b, int entries) {
        if (b.eKey.length < entries) {
            int cap = capacity(b.eKey.length, entries);
            b.eHash = Arrays.copyOf(b.eHash, 4 * cap);
            b.eName = Arrays.copyOf(b.eName, cap);
            b.ePathStart = Arrays.copyOf(b.ePathStart, cap);
            b.ePathEnd = Arrays.copyOf(b.ePathEnd, cap);
            b.eSource = Arrays.copyOf(b.eSource, cap);
            b.sh1 = new long[cap];
            b.sh2 = new long[cap];
            b.sName = new long[cap];
            b.eKey = new int[cap];
            b.eOrder = new int[cap];
            b.eTmp = new int[cap];
        }
    }

    /** On the copy thread: room for this many entries' records and histogram cells, what they hold kept. */
    private void reserveFigures(Batch b, int entries, int hist) {
        if (b.rec.length < REC * entries) {
            b.rec = Arrays.copyOf(b.rec, REC * capacity(b.rec.length / REC, entries));
        }
        if (b.hbuf.length < 3 * hist) {
            b.hbuf = Arrays.copyOf(b.hbuf, Math.max(3 * hist, b.hbuf.length * 2));
        }
    }

    /**
     * On the find thread: the nodes of the batch's entries, into {@code b.eKey}, found by their
     * hash, or made (the figures are left to {@link #applyFigures}); returns the number of entries
     * that found a directory taken to be out of cache.
     */
    private int findNodes(Batch b, int n) {
        int[] eKey = b.eKey;
        long[] eHash = b.eHash;
        if (sNode.length < n) {
            sNode = new int[n];
        }
        // 1. Each entry's node, in the order of the index's slots (put so by the copy thread, see
        // orderBySlot). Every loop below reads its arrays in order or is a plain gather or scatter:
        // the misses of one entry do not wait for those of the one before. The index is only read
        // here, so each thread probes a range.
        int shift = indexShift;
        int[] bySlot = b.eOrder;
        inRanges(n, (from, to) -> probeRange(b, bySlot, from, to, shift));
        // 2. Paths not seen yet: made under their parent, in the order they came (a chunk's lines
        // in scan order: a parent made or found is in cache for the children after it). Only this
        // thread makes directories.
        // The index slots of a group of them, their own and their parent's, are loaded first.
        int[] making = sNode;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (eKey[i] < 0) {
                making[m++] = i;
            }
        }
        long sink = 0;
        for (int from = 0; from < m; from += GROUP) {
            int to = Math.min(m, from + GROUP);
            long[] ix = index;
            for (int k = from; k < to; k++) {
                int i = making[k];
                sink += ix[STRIDE * slotOf(eHash[4 * i], indexShift) + 1]
                        + ix[STRIDE * slotOf(eHash[4 * i + 2], indexShift) + 1];
            }
            for (int k = from; k < to; k++) {
                int i = making[k];
                eKey[i] = create(b, i);
            }
        }
        findTouched += sink;
        int oldest = nodes - RECENT;
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += eKey[i] < oldest ? 1 : 0;
        }
        return c;
    }

    /**
     * Finds the nodes of the entries {@code bySlot[from, to)} by their hash; an entry whose hash
     * finds a directory of another name (a collision of hashes) gets -1, as a new path does: it is
     * then found past that directory, or made, by {@link #create}.
     */
    private void probeRange(Batch b, int[] bySlot, int from, int to, int shift) {
        int[] eKey = b.eKey;
        long[] sh1 = b.sh1;
        long[] sh2 = b.sh2;
        long[] sName = b.sName;
        for (int k = from; k < to; k++) {
            sNode[k] = probe(sh1[k], sh2[k], slotOf(sh1[k], shift));
        }
        long[] names = nameKey;
        for (int k = from; k < to; k++) {
            int node = sNode[k];
            if (node >= 0 && names[node] != sName[k]) {
                sNode[k] = -1;
            }
        }
        for (int k = from; k < to; k++) {
            eKey[bySlot[k]] = sNode[k];
        }
    }

    /**
     * On the copy thread: the batch's entries in the order of their first index slots, into
     * {@code b.eOrder}, whatever the index's size then (see {@link #index}), and their hashes and
     * names in that order, so that the find thread probes the index in ascending order, reading
     * nothing else out of order.
     */
    private void orderBySlot(Batch b, int n) {
        long[] eHash = b.eHash;
        int[] key = b.eKey;
        inRanges(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                key[i] = PathHash.spread(eHash[4 * i]) >>> (32 - SLOT_ORDER_BITS);
            }
        });
        int[] bySlot = b.radix.order(key, n, SLOT_ORDER_BITS, b.eOrder, b.eTmp, this::inParallel);
        long[] eName = b.eName;
        long[] sh1 = b.sh1;
        long[] sh2 = b.sh2;
        long[] sName = b.sName;
        inRanges(n, (from, to) -> {
            for (int k = from; k < to; k++) {
                int i = bySlot[k];
                sh1[k] = eHash[4 * i];
                sh2[k] = eHash[4 * i + 1];
                sName[k] = eName[i];
            }
        });
    }

    /**
     * On the copy thread: the batch's records, and their nodes, in node order into set {@code o}
     * ({@code nodeCount} nodes), so that the apply thread reads both in order: the sort and the
     * gather of records from where their chunks put them are done here, not on the apply thread
     * (with partitions, shared with the helpers).
     */
    private void orderRecords(Batch b, int n, int nodeCount, Ordered o) {
        int[] byNode = b.radix.order(b.eKey, n, 32 - Integer.numberOfLeadingZeros(Math.max(1, nodeCount - 1)), b.eOrder,
                b.eTmp, this::inParallel);
        long[] from = b.rec;
        if (o.rec.length < REC * n) {
            o.rec = new long[Math.max(REC * n, from.length)];
            o.nodes = new int[o.rec.length / REC];
        }
        long[] to = o.rec;
        int[] eKey = b.eKey;
        int[] nodes = o.nodes;
        inRanges(n, (lo, hi) -> {
            for (int k = lo; k < hi; k++) {
                int i = byNode[k];
                System.arraycopy(from, REC * i, to, REC * k, REC);
                nodes[k] = eKey[i];
            }
        });
        // The histogram cells go as they are (records point into them); the batch gets the set's
        // former ones to fill again.
        long[] hbuf = o.hbuf;
        o.hbuf = b.hbuf;
        b.hbuf = hbuf;
    }

    /**
     * Applies the batch's entries of partition {@code p}, in node order (see
     * {@link #orderRecords}): flags, cells and histograms are read as they were made (cells and
     * histograms kept in node order by {@link Cells#compact}), a group of entries at a time: first
     * the tables' entries for every entry of the group are loaded, so their misses overlap, then
     * the group is applied. The loads ahead reach the histogram slots of each directory's first
     * cell (most directories have one, and a directory's cells are side by side): the slots were
     * a miss each for the two buckets of a group of one file, one after another (38 % of the apply
     * thread in JMH, random order).
     */
    private void applyPart(Ordered o, int p, int n) {
        Cells part = parts[p];
        int[] nodes = o.nodes;
        long[] rec = o.rec;
        long[] hbuf = o.hbuf;
        int[] firstCell = this.firstCell;
        int threads = parts.length;
        long sink = 0;
        for (int from = 0; from < n; from += GROUP) {
            int to = Math.min(n, from + GROUP);
            for (int k = from; k < to; k++) {
                int node = nodes[k];
                if (partOf(node, threads) != p) {
                    continue;
                }
                long hist = rec[REC * k + HIST];
                int c = firstCell[node];
                sink += (c < 0 ? 0 : part.histograms.firstSlot(c)) + (hist < 0 || (int) hist == 0 ? 0 : hbuf[3 * (int) (hist >>> 32)]);
            }
            for (int k = from; k < to; k++) {
                int node = nodes[k];
                if (partOf(node, threads) != p) {
                    continue;
                }
                applyEntry(o, part, k, node);
            }
        }
        o.touched[p] += sink;
    }

    /** Adds batch entry i to its directory, {@code node}, whose cells are {@code part}. */
    private void applyEntry(Ordered o, Cells part, int i, int node) {
        long[] rec = o.rec;
        long[] hbuf = o.hbuf;
        int r = REC * i;
        if (rec[r + HIST] == LISTED_ENTRY) {
            markListed(node);
            return;
        }
        int cell = part.addFiles(firstCell, flags, node, rec[r + UID], rec[r + GID], rec[r + FILES], rec[r + ALLOCATED],
                rec[r + LOGICAL], rec[r + MAX_ATIME]);
        long hist = rec[r + HIST];
        CellHistograms histograms = part.histograms;
        if (hist < 0) {
            histograms.addOneFile(cell, (int) hist, rec[r + ALLOCATED]);
            return;
        }
        int at = (int) (hist >>> 32);
        int end = at + (int) hist;
        for (int c = at; c < end; c++) {
            histograms.add(cell, (int) hbuf[3 * c], hbuf[3 * c + 1], hbuf[3 * c + 2]);
        }
    }

    /** The node of batch entry i, whose hash was not in the index when the batch began. */
    private int create(Batch b, int i) {
        byte[] p = b.sources[b.eSource[i]];
        int start = b.ePathStart[i];
        int end = b.ePathEnd[i];
        int last = PathHash.trimEnd(p, start, end);
        int first = PathHash.componentStart(p, start, last);
        long[] h = b.eHash;
        return create(p, start, end, first, last, h[4 * i], h[4 * i + 1], b.eName[i], h[4 * i + 2], h[4 * i + 3]);
    }

    // ---- Finding and making directories ----

    /**
     * The node of path {@code p[start, end)}, whose last component is {@code [first, last)}, of
     * hash {@code (h1, h2)} and name key {@code name} (as {@link PathHash#name} gives it), the
     * parent's hash {@code (ph1, ph2)}: found if an earlier path made it, else made under the
     * parent when the parent is found by its hash (one probe), else by a walk from the root. A
     * directory is told from another of the same hash by its name key, as a probe tells it: the
     * names' bytes are not read (they were the find thread's most frequent misses).
     */
    private int create(byte[] p, int start, int end, int first, int last, long h1, long h2, long name, long ph1, long ph2) {
        if (first == last) {
            return ROOT;
        }
        int n = find(h1, h2, name);
        if (n >= 0) {
            return n;
        }
        int parentLast = PathHash.trimEnd(p, start, first);
        int parentFirst = PathHash.componentStart(p, start, parentLast);
        int parentNode = find(ph1, ph2, PathHash.name(p, parentFirst, parentLast));
        if (parentNode < 0) {
            return walk(p, start, end);
        }
        n = newNode(parentNode, p, first, last);
        indexPath(h1, h2, n);
        return n;
    }

    /** The node of the first slot from {@code slot} on holding this hash, or -1: its name is checked later. */
    private int probe(long h1, long h2, int slot) {
        long[] ix = index;
        long upper = h2 & ~NODE_BITS;
        int s = slot;
        while (true) {
            long v = ix[STRIDE * s + 1];
            if (v == 0 || ix[STRIDE * s] == h1 && (v & ~NODE_BITS) == upper) {
                return (int) (v & NODE_BITS) - 1;
            }
            s = (s + 1) & indexMask;
        }
    }

    /** The node with this hash whose name key is {@code name} (the root's: 0), or -1. */
    private int find(long h1, long h2, long name) {
        long[] ix = index;
        long upper = h2 & ~NODE_BITS;
        int s = slotOf(h1, indexShift);
        while (true) {
            long v = ix[STRIDE * s + 1];
            if (v == 0) {
                return -1;
            }
            int n = (int) (v & NODE_BITS) - 1;
            if (ix[STRIDE * s] == h1 && (v & ~NODE_BITS) == upper && nameKey[n] == name) {
                return n;
            }
            s = (s + 1) & indexMask;
        }
    }

    /**
     * The node of path {@code p[start, end)}, making it and any missing ancestor: its prefixes are
     * hashed from its bytes and probed from the deepest, each checked by its own component's name.
     * The path is canonical (see {@link PathHash}).
     */
    private int walk(byte[] p, int start, int end) {
        int comps = 0;
        prefix1[0] = PathHash.ROOT1;
        prefix2[0] = PathHash.ROOT2;
        int pos = start;
        while (pos < end) {
            while (pos < end && p[pos] == '/') {
                pos++;
            }
            if (pos >= end) {
                break;
            }
            int ce = pos;
            while (ce < end && p[ce] != '/') {
                ce++;
            }
            if (comps + 1 >= prefix1.length) {
                compStart = Arrays.copyOf(compStart, comps * 2 + 2);
                compEnd = Arrays.copyOf(compEnd, comps * 2 + 2);
                prefix1 = Arrays.copyOf(prefix1, comps * 2 + 3);
                prefix2 = Arrays.copyOf(prefix2, comps * 2 + 3);
            }
            compStart[comps] = pos;
            compEnd[comps] = ce;
            comps++;
            pos = ce;
        }
        PathHash.prefixes(p, start, compEnd, comps, prefix1, prefix2, walkHash);
        int depth = comps;
        int node = ROOT;
        while (depth > 0) {
            int n = find(prefix1[depth], prefix2[depth], PathHash.name(p, compStart[depth - 1], compEnd[depth - 1]));
            if (n >= 0) {
                node = n;
                break;
            }
            depth--;
        }
        for (int k = depth; k < comps; k++) {
            node = newNode(node, p, compStart[k], compEnd[k]);
            indexPath(prefix1[k + 1], prefix2[k + 1], node);
        }
        return node;
    }

    private void indexPath(long h1, long h2, int n) {
        if ((long) nodes * 2 > indexMask + 1) {
            rehash();
        }
        put(index, indexMask, indexShift, h1, h2, n);
    }

    /** The first slot of the path whose hash's first half is {@code h1}, in an index of 2^(32 - shift) slots. */
    private static int slotOf(long h1, int shift) {
        return PathHash.spread(h1) >>> shift;
    }

    private static void put(long[] ix, int mask, int shift, long h1, long h2, int n) {
        int s = slotOf(h1, shift);
        while (ix[STRIDE * s + 1] != 0) {
            s = (s + 1) & mask;
        }
        ix[STRIDE * s] = h1;
        ix[STRIDE * s + 1] = h2 & ~NODE_BITS | (n + 1L);
    }

    private void rehash() {
        int slots = (indexMask + 1) * 2;
        long[] next = new long[STRIDE * slots];
        int shift = indexShift - 1;
        for (int s = 0; s <= indexMask; s++) {
            long v = index[STRIDE * s + 1];
            if (v != 0) {
                put(next, slots - 1, shift, index[STRIDE * s], v, (int) (v & NODE_BITS) - 1);
            }
        }
        index = next;
        indexMask = slots - 1;
        indexShift = shift;
    }

    private void markListed(int node) {
        flags[node] |= LISTED;
        cellsOf(node).listedLines++;
    }

    private int newNode(int parentNode, byte[] p, int start, int end) {
        if (nodes == parent.length) {
            int n = nodes * 2;
            parent = Arrays.copyOf(parent, n);
            nameOff = Arrays.copyOf(nameOff, n);
            nameLen = Arrays.copyOf(nameLen, n);
            nameKey = Arrays.copyOf(nameKey, n);
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
        nameKey[n] = PathHash.name(p, start, end);
        namesUsed += len;
        return n;
    }

    /**
     * Heap bytes held by this tree's arrays (capacity, not just what is used); waits for the
     * figures being applied, if any.
     */
    public long heapBytes() {
        awaitFigures();
        long perNode = 4L * 4 + 8;
        long batch = 4L * sNode.length + filling.heapBytes() + spare.heapBytes();
        for (Ordered o : ordered) {
            batch += o.heapBytes();
        }
        long cellBytes = 0;
        for (Cells c : parts) {
            cellBytes += c.heapBytes();
        }
        return perNode * parent.length + 4L * firstCell.length + flags.length + cellBytes + names.length
                + (index == null ? 0 : 8L * index.length) + batch;
    }

    /**
     * Ends the accumulation: drops the ancestors above the scan, numbers directories depth-first in
     * name order (a subtree is then the id range [id, lastId]) and rolls up the recursive figures.
     * The tree must not be changed afterwards.
     */
    public DirectoryTable finish() {
        DirectoryTable table = finishStructure();
        table.rollUp();
        return table;
    }

    /**
     * The finished table's structure (ids in final order, parents, names, depths, subtree ends):
     * its figures follow with {@link DirectoryTable#rollUp}, which the caller may run on another
     * thread while the structure is read. The tree must not be changed afterwards.
     */
    public DirectoryTable finishStructure() {
        flush();
        awaitFigures();
        finder.shutdown();
        copier.shutdown();
        applier.shutdown();
        touched += findTouched;
        figureRoom(nodes - 1);
        // The path index and the batches are not needed once the tree is complete: let them go
        // before the roll-up allocates.
        index = null;
        nameKey = new long[0];
        sNode = new int[0];
        filling = new Batch(parts.length);
        spare = new Batch(parts.length);
        ordered = new Ordered[] {new Ordered(parts.length), new Ordered(parts.length)};
        if (helpers != null) {
            helpers.shutdown();
        }
        Cells all = Cells.merge(parts, firstCell, nodes);
        DirectoryTable table = new DirectoryTable.Builder(nodes, parent, nameOff, nameLen, flags, names,
                firstCell, all.cells, all.next, all.uid, all.gid, all.files, all.allocated, all.logical,
                all.maxAtime, all.histograms).build();
        // The table has the names in its own order now, and owns the cells (it lays them out anew
        // when it rolls up): the tree lets both go.
        names = new byte[0];
        all.release();
        for (Cells c : parts) {
            c.release();
        }
        return table;
    }
}
