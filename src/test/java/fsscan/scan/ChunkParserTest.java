package fsscan.scan;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ChunkParserTest {

    private static String file(String path, long size, long uid, String ac) {
        return "<1> 2 1 0  s=" + size + " a=" + (size / 1024 + 1) + " u=" + uid + " g=" + uid
                + " p=-rw-r--r-- ac=" + ac + " -- " + path + "\n";
    }

    private static byte[] chunk(int dirs, int filesEach, long salt) {
        StringBuilder b = new StringBuilder();
        for (int f = 0; f < filesEach; f++) {
            for (int d = 0; d < dirs; d++) {
                b.append(file("/g/fs/d" + d + "/f" + f, 1000 * (d + 1) + salt * f, d % 3, (2015 + (d + f + salt) % 10) + "-03-01 00:00:00"));
            }
        }
        b.append("<1> 3 1 0  s=x u=1 -- /g/fs/bad\n");
        b.append("<1> 4 1 0  s=4096 a=4 u=0 g=0 p=drwxr-xr-x ac=2020-01-01 00:00:00 -- /g/fs/d0\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static ChunkParser parser() {
        return new ChunkParser(false, LineParser.Format.AUTO, Buckets.forScanDate(LocalDate.of(2026, 1, 11)), null);
    }

    /**
     * A parser keeps its tables from one chunk to the next: what it makes of a chunk is what a new
     * parser makes of it, after a larger chunk with other groups, histograms and a reject.
     */
    @Test
    void aChunkParsesTheSameAfterOthers() {
        ChunkParser used = parser();
        used.parse(0, chunk(5000, 3, 7), chunk(5000, 3, 7).length);
        used.parseLineByLine(1, chunk(300, 1, 3), chunk(300, 1, 3).length);
        byte[] b = chunk(40, 4, 1);
        ParsedChunk again = used.parse(2, b, b.length);
        ParsedChunk fresh = parser().parse(2, b, b.length);
        assertEquals(fresh.lines(), again.lines());
        assertEquals(fresh.fileLines(), again.fileLines());
        assertEquals(fresh.directoryLines(), again.directoryLines());
        assertEquals(1, again.rejects().size());
        assertEquals(fresh.rejects().get(0).lineInChunk(), again.rejects().get(0).lineInChunk());
        assertArrayEquals(fresh.rejects().get(0).text(), again.rejects().get(0).text());
        assertEquals(1, again.directories().size());
        FileGroups y = again.groups();
        assertEquals(40, y.size());
        assertSameGroups(fresh.groups(), y);
        assertEquals(4, y.files(0));
    }

    /**
     * A parser hands its group columns and paths to the accumulator as they are: it never writes
     * to them again, and parses the next chunks into a set given back (or a new one), to the same
     * result as a new parser, whether the set given back is larger or smaller than the chunk needs.
     */
    @Test
    void groupsHandedOverAreLeftAloneAndSetsGivenBackAreParsedInto() {
        GroupBuffers pool = new GroupBuffers();
        ChunkParser parser = new ChunkParser(false, LineParser.Format.AUTO, Buckets.forScanDate(LocalDate.of(2026, 1, 11)),
                null, pool);
        byte[] large = chunk(3000, 2, 5);
        byte[] small = chunk(70, 3, 2);
        ParsedChunk first = parser.parse(0, large, large.length);
        ParsedChunk firstAsNew = parser().parse(0, large, large.length);
        ParsedChunk second = parser.parse(1, small, small.length);
        // The first chunk's groups are as they were, though the parser went on.
        assertSameGroups(firstAsNew.groups(), first.groups());
        assertSameGroups(parser().parse(1, small, small.length).groups(), second.groups());

        // Given back, the first chunk's set is what the parser takes next: at the end of the third
        // chunk, for the fourth (smaller than the first).
        long[] firstRecords = first.groups().records();
        byte[] firstPaths = first.groups().parents().bytes();
        pool.giveBack(first.groups());
        pool.givePathsBack(first.groups().parents().bytes());
        byte[] third = chunk(50, 4, 9);
        assertSameGroups(parser().parse(2, third, third.length).groups(), parser.parse(2, third, third.length).groups());
        byte[] fourth = chunk(60, 2, 4);
        ParsedChunk intoFirst = parser.parse(3, fourth, fourth.length);
        assertSame(firstRecords, intoFirst.groups().records(), "the set given back is parsed into");
        assertSame(firstPaths, intoFirst.groups().parents().bytes());
        assertSameGroups(parser().parse(3, fourth, fourth.length).groups(), intoFirst.groups());
        // The second chunk's set, given back, is too small for the next chunk but one: it grows.
        pool.giveBack(second.groups());
        pool.givePathsBack(second.groups().parents().bytes());
        parser.parse(4, third, third.length);
        byte[] larger = chunk(5000, 1, 3);
        assertSameGroups(parser().parse(5, larger, larger.length).groups(), parser.parse(5, larger, larger.length).groups());
    }

    /**
     * A group's record says where its histogram cells are, or holds the two buckets of its one
     * file; the chunk's byte sums are its groups' added up, or -1 once they pass 2^63.
     */
    @Test
    void recordsPointAtTheirCellsAndSumsAddUp() {
        byte[] b = chunk(30, 3, 4);
        FileGroups g = parser().parse(0, b, b.length).groups();
        long allocated = 0;
        long logical = 0;
        int cells = 0;
        for (int i = 0; i < g.size(); i++) {
            allocated += g.allocated(i);
            logical += g.logical(i);
            long hist = g.hist(i);
            int first = (int) (hist >>> 32);
            int count = (int) hist;
            assertEquals(cells, first, "group " + i + "'s cells follow the group before's");
            long files = 0;
            for (int c = first; c < first + count; c++) {
                assertEquals(i, g.histGroup()[c]);
                files += g.histFiles()[c];
            }
            assertEquals(2 * g.files(i), files, "each file in an age and a size bucket");
            cells += count;
        }
        assertEquals(g.histGroup().length, cells);
        assertEquals(allocated, g.allocatedSum());
        assertEquals(logical, g.logicalSum());

        byte[] one = file("/g/fs/solo/f", 5000, 7, "2024-03-01 00:00:00").getBytes(StandardCharsets.US_ASCII);
        FileGroups single = parser().parse(1, one, one.length).groups();
        assertEquals(FileGroups.ONE_FILE, single.hist(0) & FileGroups.ONE_FILE);
        assertEquals(0, single.histGroup().length);

        long big = 1L << 62;
        byte[] over = (file("/g/fs/a/f", big, 1, "2024-03-01 00:00:00") + file("/g/fs/b/f", big, 1, "2024-03-01 00:00:00"))
                .getBytes(StandardCharsets.US_ASCII);
        FileGroups wrapped = parser().parse(2, over, over.length).groups();
        assertEquals(2, wrapped.size());
        assertEquals(-1, wrapped.logicalSum());
    }

    /** The first {@code size()} groups of both: paths, hashes, name longs, figures and histogram cells. */
    private static void assertSameGroups(FileGroups x, FileGroups y) {
        assertEquals(x.size(), y.size());
        int n = x.size();
        for (int i = 0; i < n; i++) {
            assertEquals(x.parents().text(i), y.parents().text(i));
            assertEquals(x.parents().hash1(i), y.parents().hash1(i));
            assertEquals(x.parents().hash2(i), y.parents().hash2(i));
            assertEquals(x.parents().parentHash1(i), y.parents().parentHash1(i));
            assertEquals(x.parents().parentHash2(i), y.parents().parentHash2(i));
            assertEquals(x.parents().nameKey(i), y.parents().nameKey(i));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(x.uid(i), y.uid(i));
            assertEquals(x.gid(i), y.gid(i));
            assertEquals(x.files(i), y.files(i));
            assertEquals(x.allocated(i), y.allocated(i));
            assertEquals(x.logical(i), y.logical(i));
            assertEquals(x.maxAccessTime(i), y.maxAccessTime(i));
            assertEquals(x.hist(i), y.hist(i));
        }
        assertEquals(x.allocatedSum(), y.allocatedSum());
        assertEquals(x.logicalSum(), y.logicalSum());
        assertArrayEquals(x.histGroup(), y.histGroup());
        assertArrayEquals(x.histKey(), y.histKey());
        assertArrayEquals(x.histFiles(), y.histFiles());
        assertArrayEquals(x.histBytes(), y.histBytes());
    }
}
