package fsscan.tree;

import fsscan.scan.ChunkParser;
import fsscan.scan.LineParser;
import fsscan.scan.ParsedChunk;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryTreeTest {

    private static final String AC1 = "ac=2020-01-01 00:00:00";
    private static final String AC2 = "ac=2024-06-01 12:00:00";
    private static final long T1 = 1577836800L;
    private static final long T2 = 1717243200L;

    static String dir(String path) {
        return "<1> 1 1 0  s=4096 a=4 u=0 g=0 p=drwxr-xr-x " + AC1 + " -- " + path;
    }

    static String file(String path, long size, long allocKiB, long uid, long gid, String ac) {
        return "<1> 2 1 0  s=" + size + " a=" + allocKiB + " u=" + uid + " g=" + gid + " p=-rw-r--r-- " + ac + " -- " + path;
    }

    /** Builds a table from lines, parsed in chunks of {@code perChunk} lines merged in a shuffled order. */
    static DirectoryTable build(List<String> lines, int perChunk, long seed) {
        return build(lines, perChunk, seed, new DirectoryTree());
    }

    static DirectoryTable build(List<String> lines, int perChunk, long seed, DirectoryTree tree) {
        return build(lines, perChunk, seed, tree, c -> { });
    }

    /** As {@link #build(List, int, long, DirectoryTree)}, {@code afterMerge} told of each chunk once merged. */
    static DirectoryTable build(List<String> lines, int perChunk, long seed, DirectoryTree tree,
                                java.util.function.Consumer<ParsedChunk> afterMerge) {
        List<ParsedChunk> chunks = new ArrayList<>();
        ChunkParser parser = new ChunkParser(false, LineParser.Format.AUTO,
                fsscan.scan.Buckets.forScanDate(java.time.LocalDate.of(2026, 1, 11)), null);
        for (int i = 0; i < lines.size(); i += perChunk) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String l : lines.subList(i, Math.min(lines.size(), i + perChunk))) {
                bytes.writeBytes(l.getBytes(StandardCharsets.ISO_8859_1));
                bytes.write('\n');
            }
            byte[] b = bytes.toByteArray();
            chunks.add(parser.parse(chunks.size(), b, b.length));
        }
        Collections.shuffle(chunks, new Random(seed));
        for (ParsedChunk c : chunks) {
            tree.merge(c);
            afterMerge.accept(c);
        }
        DirectoryTable t = tree.finish();
        // What the accumulator reports once the tree is finished, its cells merged from their partitions.
        assertTrue(tree.heapBytes() > 0);
        assertEquals(chunks.stream().mapToLong(ParsedChunk::fileLines).sum(), tree.fileLines());
        assertEquals(chunks.stream().mapToLong(ParsedChunk::directoryLines).sum(), tree.listedDirectoryLines());
        return t;
    }

    static Map<String, Integer> idsByPath(DirectoryTable t) {
        Map<String, Integer> ids = new HashMap<>();
        String[] paths = new String[t.size() + 1];
        for (int id = 1; id <= t.size(); id++) {
            int p = t.parentId(id);
            paths[id] = p == 0 ? t.name(id) : (paths[p].equals("/") ? "/" : paths[p] + "/") + t.name(id);
            ids.put(paths[id], id);
        }
        return ids;
    }

    /**
     * Two paths whose hashes collide (made so on purpose: the second is given the first's hash)
     * stay two directories with their own figures: the accumulator checks the last component's
     * name key and, when it differs, finds the directory past the one of the same hash, or makes
     * it. The chunk is merged twice: the paths are then new (the batch makes the second past the
     * first) and then known (the batch's probe finds another name first).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "route {0}, {1} threads")
    @org.junit.jupiter.params.provider.CsvSource({"0, 1", "1, 1", "-1, 1", "1, 2", "1, 4"})
    void aPathHashCollisionDoesNotMergeDirectories(int route, int threads) {
        List<String> lines = new ArrayList<>(List.of(dir("/g/fs"), file("/g/fs/a/x", 100, 1, 1, 10, AC1),
                file("/g/fs/b/y", 200, 2, 2, 20, AC2), file("/g/fs/b/z", 300, 3, 1, 10, AC2)));
        // Listed directories first, so that /g/fs/a and /g/fs/b are made past the first block of
        // directories: with several threads, their cells are a helper's.
        for (int i = 0; i < 300; i++) {
            lines.add(0, dir("/g/fs/d" + i));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String l : lines) {
            bytes.writeBytes(l.getBytes(StandardCharsets.ISO_8859_1));
            bytes.write('\n');
        }
        byte[] b = bytes.toByteArray();
        ParsedChunk parsed = new ChunkParser(false, null).parse(0, b, b.length);
        fsscan.scan.FileGroups g = parsed.groups();
        long[] forced = new long[g.size() * 2];
        long[] a = new long[4];
        fsscan.scan.PathHash.of("/g/fs/a".getBytes(StandardCharsets.US_ASCII), 0, 7, a);
        for (int i = 0; i < g.size(); i++) {
            forced[2 * i] = a[0]; // every group's parent "hashes" like /g/fs/a
            forced[2 * i + 1] = a[1];
        }
        assertEquals("/g/fs/a", g.parents().text(0), "groups in the order their first lines came");
        fsscan.scan.FileGroups collided = new fsscan.scan.FileGroups(g.parents().withHashes(forced), g.records(), g.histGroup(),
                g.histKey(), g.histFiles(), g.histBytes(), g.allocatedSum(), g.logicalSum());
        DirectoryTree tree = new DirectoryTree(DirectoryTree.DEFAULT_BATCH, route, threads);
        for (int time = 0; time < 2; time++) {
            tree.merge(new ParsedChunk(time, parsed.lines(), parsed.headerLines(), parsed.directoryLines(), parsed.fileLines(),
                    parsed.directories(), collided, parsed.rejects()));
            tree.flush();
        }
        DirectoryTable t = tree.finish();
        Map<String, Integer> ids = idsByPath(t);
        assertEquals(303, ids.size());
        assertTrue(ids.keySet().containsAll(java.util.Set.of("/g/fs", "/g/fs/a", "/g/fs/b")));
        assertEquals(2, t.filesNr(ids.get("/g/fs/a")));
        assertEquals(4, t.filesNr(ids.get("/g/fs/b")));
        assertEquals(2 * 5 * 1024, t.allocatedNr(ids.get("/g/fs/b")));
        assertEquals(2 * 100, t.logicalNr(ids.get("/g/fs/a")));
    }

    @Test
    void impliedDirectoriesRootsAndRollUp() {
        List<String> lines = List.of(
                file("/g/fs/a/b/y", 5000, 8, 2, 20, AC2),   // files before their directories
                dir("/g/fs"),
                file("/g/fs/a/x", 100, 0, 1, 10, AC1),
                dir("/g/fs/a"),
                file("/g/fs/z", 3000, 4, 1, 10, "ac=not-a-date 00:00:00"));
        DirectoryTable t = build(lines, 1, 1);
        Map<String, Integer> ids = idsByPath(t);
        assertEquals(Map.of("/g/fs", 1, "/g/fs/a", 2, "/g/fs/a/b", 3), ids, "/g is above the scan: left out");
        assertEquals(1, t.impliedDirectories());
        int fs = 1;
        int a = 2;
        int b = 3;
        assertEquals(0, t.parentId(fs));
        assertEquals("/g/fs", t.name(fs));
        assertEquals(2, t.depth(fs));
        assertEquals(4, t.depth(b));
        assertEquals(1, t.filesNr(fs));
        assertEquals(4096, t.allocatedNr(fs));
        assertEquals(3000, t.logicalNr(fs));
        assertEquals(LineParser.UNKNOWN_TIME, t.atimeNr(fs));
        assertEquals(3, t.filesR(fs));
        assertEquals(4096 + 100 + 8192, t.allocatedR(fs));
        assertEquals(3000 + 100 + 5000, t.logicalR(fs));
        assertEquals(T2, t.atimeR(fs));
        assertEquals(1, t.dirsNr(fs));
        assertEquals(2, t.dirsR(fs));
        assertEquals(Owner.MIXED, t.ownerUid(fs));
        assertEquals(Owner.MIXED, t.ownerGid(fs));
        assertEquals(T1, t.atimeNr(a));
        assertEquals(2, t.filesR(a));
        assertEquals(1, t.dirsNr(a));
        assertEquals(2, t.ownerUid(b));
        assertEquals(20, t.ownerGid(b));
        assertEquals(3, t.lastId(fs));
        assertEquals(3, t.lastId(b));
        assertTrue(t.listed(a));
        assertTrue(!t.listed(b));
    }

    @Test
    void emptyDirectoriesHaveNoOwnerAndNoTime() {
        DirectoryTable t = build(List.of(dir("/s"), dir("/s/empty"), file("/s/f", 1, 0, 7, 8, AC1)), 2, 3);
        Map<String, Integer> ids = idsByPath(t);
        int empty = ids.get("/s/empty");
        assertEquals(Owner.NONE, t.ownerUid(empty));
        assertEquals(Owner.NONE, t.ownerGid(empty));
        assertEquals(LineParser.UNKNOWN_TIME, t.atimeR(empty));
        assertEquals(7, t.ownerUid(ids.get("/s")));
        assertEquals(0, t.filesR(empty));
    }

    @Test
    void aDirectoryListedTwiceIsOneDirectory() {
        DirectoryTable t = build(List.of(dir("/p/q"), dir("/p/q/"), dir("/p/q"), file("/p/q/f", 1, 0, 1, 1, AC1)), 1, 4);
        assertEquals(Map.of("/p/q", 1), idsByPath(t));
        assertEquals(0, t.impliedDirectories());
    }

    @Test
    void anUnlistedDirectoryThatHoldsFilesIsKept() {
        // /top holds a file directly: it is part of the tree even though nothing lists it.
        DirectoryTable t = build(List.of(file("/top/f", 1, 0, 1, 1, AC1), dir("/top/sub"), file("/other/deep/g", 1, 0, 1, 1, AC1)), 1, 5);
        assertEquals(Map.of("/other/deep", 1, "/top", 2, "/top/sub", 3), idsByPath(t));
    }

    @Test
    void deepChainsNeedNoRecursion() {
        List<String> lines = new ArrayList<>();
        StringBuilder p = new StringBuilder("/root");
        lines.add(dir("/root"));
        for (int i = 0; i < 5000; i++) {
            p.append("/d").append(i);
        }
        lines.add(file(p + "/leaf", 10, 0, 3, 3, AC1));
        DirectoryTable t = build(lines, 1, 6);
        assertEquals(5001, t.size());
        assertEquals(5000, t.dirsR(1));
        assertEquals(5001, t.depth(5001));
        assertEquals(1, t.filesR(1));
        assertEquals(3, t.ownerUid(1));
        assertEquals(5001, t.lastId(1));
    }

    @Test
    void aDirectoryWithManyFilesIsOneEntryPerChunkOwner() {
        List<String> lines = new ArrayList<>();
        lines.add(dir("/big"));
        for (int i = 0; i < 100_000; i++) {
            lines.add(file("/big/f" + i, i, 0, i % 3, 1, AC1));
        }
        DirectoryTable t = build(lines, 7_000, 7);
        assertEquals(1, t.size());
        assertEquals(100_000, t.filesNr(1));
        long logical = 99_999L * 100_000 / 2;
        assertEquals(logical, t.logicalR(1));
        assertEquals(3, t.owners(1).size());
        assertEquals(33_334, t.owners(1).get(0).files());
    }

    /** The owners the main writer names and counts are those of the table's cells, as directory_owners stores them. */
    @Test
    void ownerIdsAreTheDistinctOwnersOfTheCells() throws java.io.IOException {
        List<String> lines = new ArrayList<>(List.of(dir("/o"), file("/o/a/x", 1, 0, 7, 20, AC1), file("/o/a/y", 1, 0, 5, 10, AC1),
                file("/o/b/x", 1, 0, 7, 10, AC2), file("/o/b/c/x", 1, 0, 900, 30, AC2),
                file("/o/m/x", 1, 0, 9, 3, AC1), file("/o/m/y", 1, 0, 9, 2, AC2), file("/o/m/z", 1, 0, 1, 5, AC1),
                file("/o/m/a", 1, 0, 9, 8, AC1), file("/o/m/b", 1, 0, 9, 1, AC2), file("/o/m/c", 1, 0, 9, 6, AC1),
                file("/o/m/d", 1, 0, 9, 4, AC1), file("/o/m/e", 1, 0, 9, 7, AC2), file("/o/m/f", 1, 0, 9, 5, AC1),
                // no g=: stored with gid -1, which has no name
                "<1> 2 1 0  s=1 a=0 u=5 p=-rw-r--r-- " + AC1 + " -- /o/d/x"));
        for (int i = 0; i < 70_000; i++) {
            // more cells than the first compaction's threshold, few owners
            lines.add(file("/o/many/d" + i + "/f", 1, 0, i % 3, 40 + i % 2, AC1));
        }
        DirectoryTable t = build(lines, 5_000, 11);
        java.util.TreeSet<Long> uids = new java.util.TreeSet<>();
        java.util.TreeSet<Long> gids = new java.util.TreeSet<>();
        for (int id = 1; id <= t.size(); id++) {
            for (DirectoryTable.OwnerCell c : t.owners(id)) {
                uids.add(c.uid());
                gids.add(c.gid() == Owner.MIXED ? -1 : c.gid());
            }
        }
        // The cells as the owners writer stores them: each directory's sorted by uid, then gid
        // (the key order of directory_owners); one user's eight groups under /o/m in gid order.
        Map<String, Integer> ids = idsByPath(t);
        for (int id = 1; id <= t.size(); id++) {
            List<DirectoryTable.OwnerCell> cells = t.owners(id);
            for (int i = 1; i < cells.size(); i++) {
                DirectoryTable.OwnerCell a = cells.get(i - 1);
                DirectoryTable.OwnerCell b = cells.get(i);
                assertTrue(a.uid() < b.uid() || a.uid() == b.uid() && a.gid() < b.gid(), "directory " + id + ": " + cells);
            }
        }
        assertEquals(List.of("1/5", "9/1", "9/2", "9/3", "9/4", "9/5", "9/6", "9/7", "9/8"),
                t.owners(ids.get("/o/m")).stream().map(c -> c.uid() + "/" + c.gid()).toList());
        DirectoryTable.OwnerIds o = t.ownerIds();
        assertEquals(java.util.Set.of(0L, 1L, 2L, 5L, 7L, 9L, 900L), uids);
        assertTrue(gids.contains(-1L), "the line without a group");
        assertEquals(uids.size(), o.distinctUids());
        assertArrayEquals(uids.stream().mapToLong(Long::longValue).toArray(), o.namedUids());
        assertArrayEquals(gids.tailSet(0L).stream().mapToLong(Long::longValue).toArray(), o.namedGids());
    }

    @Test
    void oddNamesStayDistinctAndIdsFollowByteOrder() {
        String latin1 = "/r/caf\u00e9";            // one byte 0xE9 in ISO-8859-1: not UTF-8
        String utf8 = new String("/r/caf\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        List<String> lines = List.of(dir("/r"), dir(latin1), dir(utf8), dir("/r/a -- b"), dir("/r/x=y"), dir("/r/run 1"),
                file(latin1 + "/f", 1, 0, 1, 1, AC1), file(utf8 + "/f", 2, 0, 1, 1, AC1));
        DirectoryTable t = build(lines, 3, 8);
        Map<String, Integer> ids = idsByPath(t);
        assertEquals(6, t.size(), "/r and five distinct children");
        int escaped = ids.get("/r/caf\\xE9");
        int proper = ids.get("/r/caf\u00e9");
        assertEquals(1, t.logicalR(escaped));
        assertEquals(2, t.logicalR(proper));
        // Siblings by byte order of their names: "a -- b" < "caf\xE9" < "caf\u00e9" (0xC3 0xA9) < "run 1" < "x=y".
        List<String> order = new ArrayList<>();
        for (int id = 2; id <= t.size(); id++) {
            order.add(t.name(id));
        }
        assertEquals(List.of("a -- b", "caf\\xE9", "caf\u00e9", "run 1", "x=y"), order);
        // The bytes the writers store: the UTF-8 of the name, ASCII or not.
        for (int id = 1; id <= t.size(); id++) {
            assertArrayEquals(t.name(id).getBytes(StandardCharsets.UTF_8), t.nameUtf8(id), t.name(id));
        }
    }

    /**
     * Siblings are numbered in the byte order of their names whatever they share: the sort compares
     * the first 16 bytes as two keys and reads the names only past them, so names alike for 16
     * bytes and more, names that are the start of others and bytes above 0x7F (unsigned) are all
     * here, a few hundred siblings (the merge sort) in no order.
     */
    @Test
    void siblingsAreNumberedInTheByteOrderOfTheirNames() {
        Random r = new Random(31);
        String[] starts = {"", "a", "run_1477", "run_14771", "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaab", "caf\u00e9", "\u00e9t\u00e9_2026"};
        java.util.Set<String> names = new java.util.HashSet<>();
        while (names.size() < 400) {
            StringBuilder n = new StringBuilder(starts[r.nextInt(starts.length)]);
            for (int k = r.nextInt(r.nextInt(3) == 0 ? 24 : 3); k > 0; k--) {
                n.append("ab\u00e9z_9".charAt(r.nextInt(6)));
            }
            if (n.length() > 0) {
                names.add(n.toString());
            }
        }
        List<String> lines = new ArrayList<>(List.of(dir("/s")));
        for (String n : names) {
            String utf8 = new String(("/s/" + n).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            lines.add(r.nextBoolean() ? dir(utf8) : file(utf8 + "/f", 1, 0, 1, 1, AC1));
        }
        Collections.shuffle(lines, new Random(3));
        DirectoryTable t = build(lines, 7, 4);
        int s = idsByPath(t).get("/s");
        List<byte[]> numbered = new ArrayList<>();
        for (int id = s + 1; id <= t.lastId(s); id++) {
            assertEquals(s, t.parentId(id));
            numbered.add(t.nameUtf8(id));
        }
        List<byte[]> sorted = new ArrayList<>(names.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toList());
        sorted.sort(java.util.Arrays::compareUnsigned);
        assertEquals(sorted.size(), numbered.size());
        for (int i = 0; i < sorted.size(); i++) {
            assertArrayEquals(sorted.get(i), numbered.get(i), "sibling " + i);
        }
    }

    @Test
    void chunkOrderDoesNotChangeTheTable() {
        List<String> lines = new ArrayList<>();
        Random r = new Random(11);
        for (int i = 0; i < 3000; i++) {
            String d = "/fs/u" + r.nextInt(5) + "/p" + r.nextInt(20) + "/q" + r.nextInt(4);
            lines.add(r.nextInt(5) == 0 ? dir(d) : file(d + "/f" + i, r.nextInt(100_000), r.nextInt(90), r.nextInt(3), 1,
                    "ac=2023-0" + (1 + r.nextInt(9)) + "-11 10:00:00"));
        }
        lines.add(dir("/fs"));
        assertSameTable(build(lines, 13, 1), build(lines, 97, 2));
    }

    @Test
    void theRootDirectoryItselfCanHoldFiles() {
        DirectoryTable t = build(List.of(file("/f", 1, 0, 1, 1, AC1), dir("/d")), 1, 9);
        assertEquals(Map.of("/", 1, "/d", 2), idsByPath(t));
        assertEquals(0, t.depth(1));
        assertEquals(1, t.depth(2));
    }

    /**
     * A chunk applied at once and the same chunk through a batch (small batches, many of them, the
     * smallest growing to a sixth of the directories known, the cells compacted in between), on
     * one thread or with the cells in 2 or 4 partitions applied by helpers, give the same table,
     * figure for figure and histogram for histogram.
     */
    @Test
    void batchesAndChunksAtOnceGiveTheSameTable() {
        List<String> lines = mixedLines();
        DirectoryTable atOnce = build(lines, 50, 1, new DirectoryTree(DirectoryTree.DEFAULT_BATCH, -1));
        for (DirectoryTree tree : List.of(new DirectoryTree(64, 1), new DirectoryTree(5_000, 1), new DirectoryTree(1 << 20, 1),
                new DirectoryTree(), new DirectoryTree(64, 1, 2), new DirectoryTree(5_000, 1, 4), new DirectoryTree(5_000, 0, 2),
                new DirectoryTree(2))) {
            assertSameTable(atOnce, build(lines, 50, 1, tree));
        }
    }

    /** Directories and files in no order: 40,000 lines in about 3,000 directories, a file under "/". */
    private static List<String> mixedLines() {
        List<String> lines = new ArrayList<>();
        Random r = new Random(23);
        for (int i = 0; i < 40_000; i++) {
            String d = "/fs/u" + r.nextInt(7) + "/p" + r.nextInt(40) + "/q" + r.nextInt(12) + (r.nextInt(3) == 0 ? "/" : "");
            lines.add(r.nextInt(9) == 0 ? dir(d) : file(d.replaceAll("/$", "") + "/f" + i, r.nextInt(1 << 20), r.nextInt(900),
                    r.nextInt(4), r.nextInt(2), "ac=20" + (10 + r.nextInt(15)) + "-0" + (1 + r.nextInt(9)) + "-11 10:00:00"));
        }
        lines.add(file("/f", 1, 1, 1, 1, AC1));
        Collections.shuffle(lines, new Random(5));
        return lines;
    }

    /**
     * The tree gives a chunk's group columns and its groups' paths back to the parsers once it no
     * longer reads them (a chunk applied at once: its columns once the figures thread applied
     * them), and a parser then writes over both. Overwritten at those moments here, they change
     * nothing, whether the chunks are applied at once or wait in batches (the paths of new
     * directories are read when a batch's directories are found), on one thread or several.
     */
    @Test
    void whatAChunkGivesBackIsNotReadAgain() {
        List<String> lines = mixedLines();
        DirectoryTable expected = build(lines, 50, 1, new DirectoryTree(DirectoryTree.DEFAULT_BATCH, -1));
        for (DirectoryTree tree : List.of(new DirectoryTree(5_000, 1), new DirectoryTree(1 << 20, 1),
                new DirectoryTree(DirectoryTree.DEFAULT_BATCH, -1), new DirectoryTree(5_000, 0, 2), new DirectoryTree(5_000, 1, 4))) {
            java.util.concurrent.atomic.AtomicInteger pathsBack = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger columnsBack = new java.util.concurrent.atomic.AtomicInteger();
            tree.givePathsBackTo(b -> {
                java.util.Arrays.fill(b, (byte) '#');
                pathsBack.incrementAndGet();
            });
            tree.giveColumnsBackTo(g -> {
                java.util.Arrays.fill(g.records(), 987_654_321L);
                java.util.Arrays.fill(g.histFiles(), 987_654_321L);
                columnsBack.incrementAndGet();
            });
            DirectoryTable t = build(lines, 50, 1, tree, c -> { });
            assertSameTable(expected, t);
            assertEquals((lines.size() + 49) / 50, pathsBack.get(), "every chunk's paths given back once");
            assertEquals((lines.size() + 49) / 50, columnsBack.get(), "every chunk's columns given back once");
        }
    }

    /**
     * What the import's --stats tells of the line order: every chunk merged counted, those taken
     * into batches apart, and the file groups of them all (each chunk's own, whatever its route).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "route {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {-1, 1})
    void theLineOrderCountsEveryChunkItsRouteAndItsFileGroups(int route) {
        DirectoryTree tree = new DirectoryTree(5_000, route);
        long[] groups = new long[1];
        int[] chunks = new int[1];
        build(mixedLines(), 500, 1, tree, c -> {
            groups[0] += c.groups().size();
            chunks[0]++;
        });
        DirectoryTree.LineOrder o = tree.lineOrder();
        assertEquals(81, chunks[0]);
        assertEquals(chunks[0], o.chunks());
        assertEquals(route < 0 ? 0 : chunks[0], o.batched(), "route " + route);
        assertEquals(groups[0], o.fileGroups());
        assertTrue(o.fileGroups() > 0);
    }

    /**
     * A failure on one of the tree's own threads (copy, find, apply) is thrown to the thread that
     * merges, at the latest when the tree finishes: the import then fails instead of writing a
     * database without that chunk's figures. Each is made to fail here in the callback it runs:
     * the copy thread gives a batched chunk's columns back, the find thread a batch's paths, the
     * apply thread the columns of a chunk applied at once.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} thread")
    @org.junit.jupiter.params.provider.CsvSource({"copy, 1", "find, 1", "apply, -1"})
    void aFailureOnOneOfTheTreesThreadsIsThrownToTheMergingThread(String thread, int route) {
        DirectoryTree tree = new DirectoryTree(5_000, route);
        String message = "injected on the " + thread + " thread";
        java.util.concurrent.atomic.AtomicReference<String> ranOn = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable fail = () -> {
            ranOn.compareAndSet(null, Thread.currentThread().getName());
            throw new IllegalStateException(message);
        };
        if (thread.equals("find")) {
            tree.givePathsBackTo(b -> fail.run());
        } else {
            tree.giveColumnsBackTo(g -> fail.run());
        }
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> build(mixedLines(), 50, 1, tree));
        assertEquals(message, e.getMessage());
        assertEquals("fsscan-accumulator-" + thread, ranOn.get());
    }

    /** Two tables the same directory for directory: structure, figures, owner cells and their histograms. */
    private static void assertSameTable(DirectoryTable expected, DirectoryTable t) {
        assertEquals(expected.size(), t.size());
        for (int id = 1; id <= t.size(); id++) {
            assertEquals(expected.name(id), t.name(id));
            assertEquals(expected.parentId(id), t.parentId(id));
            assertEquals(expected.lastId(id), t.lastId(id));
            assertEquals(expected.listed(id), t.listed(id));
            assertEquals(expected.filesNr(id), t.filesNr(id));
            assertEquals(expected.allocatedR(id), t.allocatedR(id));
            assertEquals(expected.logicalR(id), t.logicalR(id));
            assertEquals(expected.atimeNr(id), t.atimeNr(id));
            assertEquals(expected.atimeR(id), t.atimeR(id));
            assertEquals(expected.ownerUid(id), t.ownerUid(id));
            List<DirectoryTable.OwnerCell> a = expected.owners(id);
            List<DirectoryTable.OwnerCell> b = t.owners(id);
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                assertEquals(a.get(k).uid(), b.get(k).uid());
                assertEquals(a.get(k).gid(), b.get(k).gid());
                assertEquals(a.get(k).files(), b.get(k).files());
                assertEquals(a.get(k).allocated(), b.get(k).allocated());
                assertEquals(a.get(k).maxAtime(), b.get(k).maxAtime());
                assertTrue(java.util.Arrays.equals(a.get(k).ageHistogram(), b.get(k).ageHistogram()));
                assertTrue(java.util.Arrays.equals(a.get(k).sizeHistogram(), b.get(k).sizeHistogram()));
            }
        }
    }
}
