package fsscan.db;

import fsscan.testutil.TestScans;
import fsscan.query.Query;
import fsscan.query.Sort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The top-down walk that answers "the N biggest" without reading every directory gives exactly
 * what the SQL scan gives, for every tree-ordered key, place filter and limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanReaderTest {

    @TempDir
    static Path dir;
    ScanReader reader;

    @BeforeAll
    void importAScan() throws Exception {
        reader = ScanReader.open(TestScans.imported(dir, "20260111_srv_walk.list.list_all.log",
                TestScans.generate(5, 25_000, 0, "/gpfs/csfs1"), "walk.db"));
    }

    @AfterAll
    void close() throws Exception {
        reader.close();
    }

    private static Query places(Integer minDepth, Integer maxDepth, List<String> prefixes, List<String> excludes, Long minFiles) {
        return Query.builder().under(prefixes).excluding(excludes).depths(minDepth, maxDepth).files(minFiles, null).build();
    }

    @Test
    void theWalkAndTheScanAgree() throws Exception {
        String user = reader.list(places(3, 3, List.of(), List.of(), null), Sort.SIZE, false, 1).get(0).path();
        String inner = reader.list(places(5, 5, List.of(user), List.of(), null), Sort.FILES, false, 1).get(0).path();
        List<Object[]> cases = List.of(
                new Object[] {null, null, List.of(), List.of()},
                new Object[] {null, null, List.of(user), List.of()},
                new Object[] {null, null, List.of(user), List.of(inner)},
                new Object[] {4, null, List.of(), List.of()},
                new Object[] {null, 3, List.of(), List.of()},
                new Object[] {3, 6, List.of(user, inner, "/gpfs/csfs1/no/such"), List.of()},
                new Object[] {null, null, List.of("/gpfs/csfs1/no/such"), List.of()});
        int compared = 0;
        for (Sort sort : List.of(Sort.SIZE, Sort.FILES, Sort.DIRS, Sort.ATIME)) {
            for (Object[] c : cases) {
                @SuppressWarnings("unchecked")
                List<String> prefixes = (List<String>) c[2];
                @SuppressWarnings("unchecked")
                List<String> excludes = (List<String>) c[3];
                for (int limit : new int[] {1, 7, 50, 400}) {
                    Query walk = places((Integer) c[0], (Integer) c[1], prefixes, excludes, null);
                    // file_count_r >= 0 holds everywhere but sends the question down the SQL path.
                    Query scan = places((Integer) c[0], (Integer) c[1], prefixes, excludes, 0L);
                    List<fsscan.query.DirectoryRow> expected = reader.list(scan, sort, false, limit);
                    assertEquals(expected, reader.list(walk, sort, false, limit), sort + " " + java.util.Arrays.toString(c) + " limit " + limit);
                    compared += expected.size();
                }
            }
        }
        assertTrue(compared > 5000, "the cases should return rows: " + compared);
    }
}
