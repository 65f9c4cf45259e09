package fsscan.scan;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathShapeTest {

    private static int shapeOf(String path) {
        byte[] b = path.getBytes(StandardCharsets.ISO_8859_1);
        return PathShape.check(b, 0, b.length);
    }

    @Test
    void eachRuleIsSeenWhereverItFallsInTheEightByteReads() {
        String base = "/gpfs/csfs1/user000/run_0/run_1/d5/d20/d412/d432/run_1819/f5011.h5";
        assertEquals(PathShape.CLEAN, shapeOf(base));
        assertEquals(PathShape.CLEAN, shapeOf("/home/u/.cache/x/.../a..b/.x."), "names that only start with dots");
        for (int at = 1; at < base.length(); at++) {
            if (base.charAt(at) != '/') {
                continue;
            }
            String before = base.substring(0, at);
            String after = base.substring(at);
            assertEquals(PathShape.REPEATED_SLASH, shapeOf(before + "/" + after), "// at " + at);
            assertEquals(PathShape.DOT, shapeOf(before + "/." + after), "/. at " + at);
            assertEquals(PathShape.DOT, shapeOf(before + "/.." + after), "/.. at " + at);
            assertEquals(PathShape.NUL, shapeOf(before + "\0" + after), "NUL at " + at);
            assertEquals(PathShape.CLEAN, shapeOf(before + "/.x" + after), "/.x at " + at);
        }
        assertEquals(PathShape.DOT, shapeOf(base + "/."), "a last component of .");
        assertEquals(PathShape.DOT, shapeOf(base + "/.."));
        assertEquals(PathShape.NUL, shapeOf("/a//b/./c\0"), "NUL is the worst");
    }

    /**
     * The eight-bytes-at-a-time scan against the byte-at-a-time rules on random paths over the
     * bytes that matter, at every offset and length, with bytes after the path's end (if any)
     * that would change the answer if they were read.
     */
    @Test
    void theWordScanAgreesWithTheByteRules() {
        Random r = new Random(17);
        byte[] alphabet = {'/', '/', '.', 'a', 'z', 0, (byte) 0xC3, (byte) 0x80, '_'};
        for (int round = 0; round < 200_000; round++) {
            int len = 1 + r.nextInt(40);
            int start = r.nextInt(9);
            byte[] b = new byte[start + len + r.nextInt(4)]; // a path may end where its array does
            for (int i = 0; i < b.length; i++) {
                b[i] = i > start && i < start + len ? alphabet[r.nextInt(alphabet.length - (round % 3 == 0 ? 0 : 3))] : (byte) '/';
            }
            b[start] = '/';
            int end = start + len;
            int expected = PathShape.bytewise(b, start, end);
            boolean ascii = true;
            for (int i = start; i < end; i++) {
                ascii &= b[i] >= 0;
            }
            int got = PathShape.scan(b, start, end);
            assertEquals(expected, got & PathShape.SHAPE, () -> "shape of " + new String(b, start, len, StandardCharsets.ISO_8859_1));
            if (expected != PathShape.NUL) {
                assertEquals(!ascii, (got & PathShape.NOT_ASCII) != 0, "ASCII");
            }
        }
    }
}
