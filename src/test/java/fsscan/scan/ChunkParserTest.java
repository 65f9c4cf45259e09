package fsscan.scan;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        FileGroups x = fresh.groups();
        FileGroups y = again.groups();
        assertEquals(40, y.size());
        assertArrayEquals(x.parents().bytes(), y.parents().bytes());
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.parents().text(i), y.parents().text(i));
            assertEquals(x.parents().hash1(i), y.parents().hash1(i));
            assertEquals(x.parents().parentHash2(i), y.parents().parentHash2(i));
        }
        assertArrayEquals(x.uid(), y.uid());
        assertArrayEquals(x.gid(), y.gid());
        assertArrayEquals(x.files(), y.files());
        assertArrayEquals(x.allocated(), y.allocated());
        assertArrayEquals(x.logical(), y.logical());
        assertArrayEquals(x.maxAccessTime(), y.maxAccessTime());
        assertArrayEquals(x.oneFile(), y.oneFile());
        assertArrayEquals(x.histGroup(), y.histGroup());
        assertArrayEquals(x.histKey(), y.histKey());
        assertArrayEquals(x.histFiles(), y.histFiles());
        assertArrayEquals(x.histBytes(), y.histBytes());
        assertEquals(4, y.files()[0]);
    }
}
