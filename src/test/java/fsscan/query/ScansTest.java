package fsscan.query;

import fsscan.db.ScanReader;
import fsscan.testutil.Db;
import fsscan.testutil.TestScans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine without the command line: several scans merged, for every sort key, both directions,
 * limited and not, against an order computed here from plain SQL rows and a comparator of its own.
 * The scans are made for ties (equal sizes everywhere), unknown access times, and paths that differ
 * only by '-', '.' and '/', which a string comparison puts in another order than the tree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScansTest {

    @TempDir
    static Path dir;
    Scans scans;
    final List<String> fs = List.of("one", "two", "three");

    @BeforeAll
    void importThreeScans() throws Exception {
        List<ScanStore> stores = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            StringBuilder text = new StringBuilder();
            for (String p : List.of("/p/a", "/p/a-b", "/p/a.b", "/p/a/b", "/p/a/b-c", "/p/a/b/c", "/p/ab", "/p/a b", "/q-r", "/q/r")) {
                text.append("<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- ").append(p).append('\n');
            }
            // Equal files in several directories (ties); some directories hold none (no access time).
            String[] withFiles = {"/p/a", "/p/a-b", "/p/a/b/c", "/q/r", "/p/ab"};
            for (int k = 0; k < withFiles.length; k++) {
                String atime = (k + i) % 3 == 0 ? "" : " ac=2025-0" + (1 + (k % 2)) + "-01 10:00:00";
                text.append("<1> 1 2 0  s=2048 a=2 u=").append(1 + k % 2).append(" g=1 p=-rw-r--r--").append(atime)
                        .append(" -- ").append(withFiles[k]).append("/f").append(i % 2 == 0 ? "" : "x").append('\n');
            }
            Path db = TestScans.imported(dir, "2026010" + (i + 1) + "_s_" + fs.get(i) + ".list",
                    text.toString().getBytes(StandardCharsets.UTF_8), fs.get(i) + ".db");
            stores.add(ScanReader.open(db));
        }
        scans = Scans.of(stores);
    }

    @AfterAll
    void close() throws Exception {
        scans.close();
    }

    /** Every directory of every scan, read with plain SQL. */
    private List<DirectoryRow> everything() throws Exception {
        List<DirectoryRow> all = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            Path db = dir.resolve(fs.get(i) + ".db");
            var paths = Db.paths(db);
            for (List<Object> r : Db.rows(db, "SELECT d.dir_id, d.depth, s.total_size_r, s.total_size_nr, s.file_count_r,"
                    + " s.file_count_nr, s.dir_count_r, s.dir_count_nr, s.max_atime_r, s.max_atime_nr, s.owner_uid, s.owner_gid"
                    + " FROM directories d JOIN directory_stats s USING (dir_id)")) {
                long id = (Long) r.get(0);
                all.add(new DirectoryRow(fs.get(i), id, paths.get(id), ((Long) r.get(1)).intValue(), (Long) r.get(2),
                        (Long) r.get(3), (Long) r.get(4), (Long) r.get(5), (Long) r.get(6), (Long) r.get(7), (Long) r.get(8),
                        (Long) r.get(9), (Long) r.get(10), (Long) r.get(11)));
            }
        }
        return all;
    }

    /** Path components, each compared as unsigned bytes: the tree order, written here a second way. */
    private static int tree(String a, String b) {
        String[] x = a.substring(1).split("/");
        String[] y = b.substring(1).split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = java.util.Arrays.compareUnsigned(x[i].getBytes(StandardCharsets.UTF_8), y[i].getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static Comparator<DirectoryRow> expectedOrder(Sort sort, boolean reverse) {
        Function<DirectoryRow, Long> key = switch (sort) {
            case SIZE -> DirectoryRow::totalSizeR;
            case SIZE_NR -> DirectoryRow::totalSizeNr;
            case FILES -> DirectoryRow::fileCountR;
            case FILES_NR -> DirectoryRow::fileCountNr;
            case DIRS -> DirectoryRow::dirCountR;
            case DIRS_NR -> DirectoryRow::dirCountNr;
            case ATIME -> DirectoryRow::maxAtimeR;
            case ATIME_NR -> DirectoryRow::maxAtimeNr;
            case DEPTH -> r -> (long) r.depth();
            case PATH -> r -> 0L;
        };
        boolean biggestFirst = (sort != Sort.PATH && sort != Sort.DEPTH) != reverse;
        return (a, b) -> {
            Long x = key.apply(a);
            Long y = key.apply(b);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? 1 : -1; // unknown last, either way
                }
            } else if (!x.equals(y)) {
                return biggestFirst ? Long.compare(y, x) : Long.compare(x, y);
            }
            int t = tree(a.path(), b.path());
            if (t != 0) {
                return sort == Sort.PATH && reverse ? -t : t;
            }
            return a.filesystem().compareTo(b.filesystem());
        };
    }

    @Test
    void aMergedListingIsOneOrderedListLimitedOverTheUnion() throws Exception {
        List<DirectoryRow> all = everything();
        assertTrue(all.stream().anyMatch(r -> r.maxAtimeR() == null) && all.stream().anyMatch(r -> r.maxAtimeR() != null));
        int compared = 0;
        for (Sort sort : Sort.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                List<DirectoryRow> expected = new ArrayList<>(all);
                expected.sort(expectedOrder(sort, reverse));
                for (int limit : new int[] {0, 1, 4, 11, 25}) {
                    List<DirectoryRow> want = limit == 0 ? expected : expected.subList(0, Math.min(limit, expected.size()));
                    List<DirectoryRow> got = scans.list(Query.ALL, sort, reverse, limit);
                    assertEquals(want.stream().map(r -> r.filesystem() + ":" + r.path()).toList(),
                            got.stream().map(r -> r.filesystem() + ":" + r.path()).toList(), sort + (reverse ? " reversed" : "")
                                    + " limit " + limit);
                    compared += got.size();
                }
            }
        }
        assertTrue(compared > 1000, "rows compared: " + compared);
    }

    @Test
    void ownersAreTotalledOverEveryScan() throws Exception {
        long allFiles = 0;
        for (ScanStore s : scans.stores()) {
            allFiles += s.summary().files();
        }
        List<OwnerRow> owners = scans.ownerTotals(Query.ALL, false, false);
        assertEquals(List.of(1L, 2L), owners.stream().map(OwnerRow::id).toList(), "uid 1 holds more in every scan");
        assertEquals(allFiles, owners.stream().mapToLong(OwnerRow::files).sum());
        Query underP = Query.builder().under(List.of("/p/a")).build();
        assertEquals(3 * 2, scans.ownerTotals(underP, false, false).stream().mapToLong(OwnerRow::files).sum(),
                "/p/a and /p/a/b/c hold one file each in each scan; /p/a-b is not below /p/a");
    }

    @Test
    void namesAreNumbersOrKnownNames() {
        assertEquals(List.of(5L, 1L), scans.names().ids(List.of("5", "1"), false));
        QueryException e = org.junit.jupiter.api.Assertions.assertThrows(QueryException.class,
                () -> scans.names().ids(List.of("nobody-has-this-name"), false));
        assertEquals("unknown user 'nobody-has-this-name'", e.getMessage());
    }

    @Test
    void onlyTheScopeLetsTheWalkAnswer() {
        assertTrue(Query.builder().under(List.of("/p")).depths(1, 3).excluding(List.of("/q")).build().conditions().none());
        assertTrue(Query.builder().names(List.of(), true).build().conditions().none(), "ignore-case alone asks nothing");
        for (Query q : List.of(Query.builder().size(1L, null).build(), Query.builder().users(List.of(1L)).build(),
                Query.builder().accessed("3yrs", null, false).build(), Query.builder().leavesOnly(true).build(),
                Query.builder().names(List.of("a*"), false).build(), Query.builder().singleOwner(true).build())) {
            assertTrue(!q.conditions().none(), q.toString());
        }
    }
}
