package fsscan.scan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule of SPEC.md section 1, one row each. */
class LineParserTest {

    private static final String F = "s=1048576 a=1032 u=10017 g=1047 m=FAu p=-rw-r--r-- ac=2025-12-01 10:00:00 mt=2025-11-30 09:00:00 cr=2025-11-30 09:00:00 nl=1";
    private static final long AC = 1764583200L; // 2025-12-01 10:00:00 on the naive clock

    private static ParsedLine parse(String line) {
        return parse(line.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static ParsedLine parse(byte[] b, boolean escaped) {
        ParsedLine out = new ParsedLine();
        // Parse from the middle of a buffer, as chunks do.
        byte[] buf = new byte[b.length + 6];
        System.arraycopy(b, 0, buf, 3, b.length);
        new LineParser(escaped).parse(buf, 3, 3 + b.length, out);
        return out;
    }

    static Stream<Arguments> dataLines() {
        return Stream.of(
            // line, directory?, size, allocated bytes, uid, gid, atime, path
            Arguments.of("<7> 1234567 1404577282 0  " + F + " -- /gpfs/csfs1/asp/user/run 1/out.nc",
                    false, 1048576L, 1032L * 1024, 10017L, 1047L, AC, "/gpfs/csfs1/asp/user/run 1/out.nc"),
            Arguments.of("1234567 1404577282 0  " + F + " -- /no/thread/token",
                    false, 1048576L, 1032L * 1024, 10017L, 1047L, AC, "/no/thread/token"),
            Arguments.of("<7> 1 2 0 " + F + " -- /single/space",
                    false, 1048576L, 1032L * 1024, 10017L, 1047L, AC, "/single/space"),
            Arguments.of("<7> 1 2 0  " + F + " -- /crlf/ending\r",
                    false, 1048576L, 1032L * 1024, 10017L, 1047L, AC, "/crlf/ending"),
            Arguments.of("<7> 1 2 0  " + F + " -- /a -- b/x=y/50% done/c",
                    false, 1048576L, 1032L * 1024, 10017L, 1047L, AC, "/a -- b/x=y/50% done/c"),
            Arguments.of("<1> 1 2 0  s=4096 a=4 u=0 g=0 p=drwxr-xr-x ac=2025-12-01 10:00:00 -- /gpfs/dir/",
                    true, 4096L, 4096L, 0L, 0L, AC, "/gpfs/dir"),
            Arguments.of("<1> 1 2 0  s=100 a=0 u=5 g=6 p=-rw------- ac=2025-12-01 10:00:00.123456 -- /small",
                    false, 100L, 100L, 5L, 6L, AC, "/small"),
            Arguments.of("<1> 1 2 0  s=5000 a=0 u=5 g=6 p=-rw------- ac=2025-12-01 10:00:00 -- /sparse-zero",
                    false, 5000L, 0L, 5L, 6L, AC, "/sparse-zero"),
            Arguments.of("<1> 1 2 0  s=4096 u=5 g=6 p=-rw------- -- /no-a-no-ac",
                    false, 4096L, 4096L, 5L, 6L, LineParser.UNKNOWN_TIME, "/no-a-no-ac"),
            Arguments.of("<1> 1 2 0  s=70 a=0 u=5 g=6 p=lrwxrwxrwx ac=2025-12-01 10:00:00 -- /symlink",
                    false, 70L, 70L, 5L, 6L, AC, "/symlink"),
            Arguments.of("<1> 1 2 0  s=1 a=1 u=5 g=6 p=-rw------- ac=2025-02-30 10:00:00 -- /bad/date",
                    false, 1L, 1024L, 5L, 6L, LineParser.UNKNOWN_TIME, "/bad/date"),
            Arguments.of("<1> 1 2 0  s=1 a=1 u=5 g=6 p=-rw------- ac=2025-02-03 25:00:00 -- /bad/time",
                    false, 1L, 1024L, 5L, 6L, LineParser.UNKNOWN_TIME, "/bad/time"),
            Arguments.of("<1> 1 2 0  s=1 a=1 u=5 g=6 zz=9 p=-rw------- unknown ac=2024-02-29 00:00:00 -- /unknown/keys",
                    false, 1L, 1024L, 5L, 6L, 1709164800L, "/unknown/keys"),
            Arguments.of("<1> 1 2 0  s=9223372036854775807 a=0 u=4294967295 g=6 p=-rw------- -- /max",
                    false, Long.MAX_VALUE, 0L, 4294967295L, 6L, LineParser.UNKNOWN_TIME, "/max"),
            Arguments.of("<1> 1 2 0  s=1 a=0 u=5 p=-rw------- -- /no/gid",
                    false, 1L, 1L, 5L, LineParser.UNKNOWN_OWNER, LineParser.UNKNOWN_TIME, "/no/gid"),
            Arguments.of("<1> 1 2 0  s=1 a=0 u=5 g=6 p=-rw------- ac=1969-12-31 23:59:59 -- /before/epoch",
                    false, 1L, 1L, 5L, 6L, -1L, "/before/epoch"),
            Arguments.of("<1> 1 2 0  s=1 a=0 u=5 g=6 p=drwx------ -- /",
                    true, 1L, 1L, 5L, 6L, LineParser.UNKNOWN_TIME, "/"),
            Arguments.of("<1> 1 2 0  s=1 a=0 u=5 g=6 p=drwx------ -- //",
                    true, 1L, 1L, 5L, 6L, LineParser.UNKNOWN_TIME, "/"),
            // Repeated slashes read as one, a trailing one as none; dots inside names are names.
            Arguments.of("<1> 1 2 0  s=1 a=0 u=5 g=6 p=-rw------- -- //gpfs//a///.b/..c/d./e../f",
                    false, 1L, 1L, 5L, 6L, LineParser.UNKNOWN_TIME, "/gpfs/a/.b/..c/d./e../f"),
            Arguments.of("<1> 1 2 0  s=1 a=0 u=5 g=6 p=drwx------ -- /gpfs//dir//",
                    true, 1L, 1L, 5L, 6L, LineParser.UNKNOWN_TIME, "/gpfs/dir"),
            Arguments.of("<1> 1 2 0  s=1 a=9007199254740991 u=5 g=6 p=-rw------- -- /largest/a",
                    false, 1L, 9007199254740991L * 1024, 5L, 6L, LineParser.UNKNOWN_TIME, "/largest/a"),
            // Once s, a, u, g, p and ac are read, what follows them up to " -- " is not looked at.
            Arguments.of("<1> 1 2 0  s=1 a=0 u=5 g=6 p=-rw------- ac=2025-12-01 10:00:00 mt=x cr= nl=y\tq=-- -- /after/all --/keys",
                    false, 1L, 1L, 5L, 6L, AC, "/after/all --/keys"),
            Arguments.of("<1> 1 2 0  ac=2025-12-01 10:00:00 g=6 p=drwx------ u=5 a=0 s=1 -- /any/order -- x",
                    true, 1L, 1L, 5L, 6L, AC, "/any/order -- x"));
    }

    @ParameterizedTest
    @MethodSource("dataLines")
    void dataLine(String line, boolean dir, long size, long allocated, long uid, long gid, long atime, String path) {
        ParsedLine p = parse(line);
        assertEquals(ParsedLine.Kind.DATA, p.kind, () -> "reason: " + p.malformedReason);
        assertEquals(dir, p.directory);
        assertEquals(size, p.size);
        assertEquals(allocated, p.allocatedBytes());
        assertEquals(uid, p.uid);
        assertEquals(gid, p.gid);
        assertEquals(atime, p.accessTime);
        assertEquals(path, p.path());
    }

    static Stream<String> headerLines() {
        return Stream.of("", "   ", "\r", "[I] GPFS Current Data Pool Utilization", "[W] Attention",
                "# a comment", "[E] error line -- with separator s=1 u=1 p=x");
    }

    @ParameterizedTest
    @MethodSource("headerLines")
    void notData(String line) {
        assertEquals(ParsedLine.Kind.HEADER, parse(line).kind);
    }

    static Stream<String> malformedLines() {
        return Stream.of(
                "<1> 1 2 0  a=8 u=100 g=100 p=-rw-r--r-- -- /no/size",
                "<1> 1 2 0  s=1 a=8 g=100 p=-rw-r--r-- -- /no/uid",
                "<1> 1 2 0  s=1 a=8 u=1 g=100 -- /no/mode",
                "<1> 1 2 0  s=1 a=8 u=1 g=100 p= -- /empty/mode",
                "<1> 1 2 0  s=12x a=8 u=100 g=100 p=-rw-r--r-- -- /not/a/number",
                "<1> 1 2 0  s=-1 a=8 u=100 g=100 p=-rw-r--r-- -- /negative",
                "<1> 1 2 0  s=1 a=x u=100 g=100 p=-rw-r--r-- -- /bad/alloc",
                "<1> 1 2 0  s=1 a=1 u=1 g=z p=-rw-r--r-- -- /bad/gid",
                "<1> 1 2 0  s=9223372036854775808 a=8 u=1 g=1 p=-rw-r--r-- -- /overflow",
                "<1> 99999999999999999999 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /inode/overflow",
                "<1> 1 2 0  s=10 a=8 u=100 g=100 p=-rw-r--r-- /no/separator",
                "<1> 1 2 0  s=10 a=8 u=1",
                "<1> 1 2  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /two/numbers",
                "<1> x 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /not/inode",
                "<1 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /unclosed/thread",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- ",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- relative/path",
                "<1> 1 \0\0\0 0  s=10 u=1 p=- -- /nul",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- //",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /a/./b",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /a/../b",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=drwxr-xr-x -- /a/.",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=drwxr-xr-x -- /a/..",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=drwxr-xr-x -- /..",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=drwxr-xr-x -- /./",
                "<1> 1 2 0  s=1 a=8 u=1 g=1 p=-rw-r--r-- -- /a/nul\0inside",
                "<1> 1 2 0  s=1 a=9007199254740993 u=1 g=1 p=-rw-r--r-- -- /a/too/large",
                "just some text",
                "z\u00ff\u00fe garbage");
    }

    @ParameterizedTest
    @MethodSource("malformedLines")
    void malformed(String line) {
        ParsedLine p = parse(line);
        assertEquals(ParsedLine.Kind.MALFORMED, p.kind);
        assertTrue(p.malformedReason != null && !p.malformedReason.isEmpty());
    }

    @Test
    void pathsThatAreNotUtf8AreEscapedByteByByte() {
        byte[] line = concat("<1> 1 2 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- -- /caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xE9, '/', (byte) 0xC3, (byte) 0xA9, '/', (byte) 0xFF, (byte) 0xE2, (byte) 0x82, 'x'});
        ParsedLine p = parse(line, false);
        assertEquals(ParsedLine.Kind.DATA, p.kind);
        assertEquals("/caf\\xE9/\u00e9/\\xFF\\xE2\\x82x", p.path());
    }

    /**
     * One parser, paths that need escaping longer than its buffers at first, then a valid one
     * and a short invalid one: each is its own, nothing left from the line before.
     */
    @Test
    void escapedPathsOfAnyLengthOneAfterAnother() {
        LineParser parser = new LineParser(false, LineParser.Format.AUTO);
        ParsedLine p = new ParsedLine();
        String head = "<1> 1 2 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- -- /";
        String name = "n".repeat(3000);
        byte[] a = concat((head + name).getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xFE, '/', 'z'});
        parser.parse(a, 0, a.length, p);
        assertEquals("/" + name + "\\xFE/z", p.path());
        byte[] b = (head + "ok/\u00e9").getBytes(StandardCharsets.UTF_8);
        parser.parse(b, 0, b.length, p);
        assertEquals("/ok/\u00e9", p.path());
        byte[] c = concat(head.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x80});
        parser.parse(c, 0, c.length, p);
        assertEquals("/\\x80", p.path());
    }

    @Test
    void surrogatesAndOverlongEncodingsAreNotUtf8() {
        assertEquals(0, PathText.validSequenceLength(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3));
        assertEquals(0, PathText.validSequenceLength(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2));
        assertEquals(4, PathText.validSequenceLength(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, 0, 4));
    }

    @Test
    void percentEncodedPathsAreDecodedOnlyWhenAsked() {
        String line = "<1> 1 2 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- -- /a%20b/c%2Fd/e%zz/caf%E9";
        assertEquals("/a%20b/c%2Fd/e%zz/caf%E9", parse(line).path());
        ParsedLine p = parse(line.getBytes(StandardCharsets.US_ASCII), true);
        assertEquals("/a b/c/d/e%zz/caf\\xE9", p.path());
    }

    @Test
    void pathKeepsEverythingAfterTheFirstSeparator() {
        ParsedLine p = parse("<1> 1 2 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- --  -- /x -- y");
        assertFalse(p.kind == ParsedLine.Kind.DATA, "' -- /x' does not start with '/': the path is ' -- /x -- y'");
        ParsedLine q = parse("<1> 1 2 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- -- /x -- y s=5");
        assertEquals("/x -- y s=5", q.path());
        assertEquals(1, q.size);
    }

    @Test
    void escapedPathsFollowTheSameRulesOnceDecoded() {
        assertEquals(ParsedLine.Kind.MALFORMED,
                parse("1 2 0 s=1 a=0 u=1 p=- -- /a/%2E%2E/b".getBytes(StandardCharsets.US_ASCII), true).kind);
        assertEquals(ParsedLine.Kind.MALFORMED,
                parse("1 2 0 s=1 a=0 u=1 p=- -- /a/x%00y".getBytes(StandardCharsets.US_ASCII), true).kind);
        assertEquals("/a/b/c", parse("1 2 0 s=1 a=0 u=1 p=- -- /a%2F%2Fb//c".getBytes(StandardCharsets.US_ASCII), true).path());
    }

    @Test
    void daysFromCivilMatchesJavaTime() {
        for (int y = 1900; y <= 2100; y += 7) {
            for (int m = 1; m <= 12; m++) {
                assertEquals(java.time.LocalDate.of(y, m, 28).toEpochDay(), LineParser.daysFromCivil(y, m, 28));
            }
        }
    }

    @Test
    void allocatedBytesFollowTheInodeRule() {
        assertArrayEquals(new long[] {4096, 0, 1024},
                new long[] {parse("1 2 0 s=4096 a=0 u=1 p=- -- /a").allocatedBytes(),
                    parse("1 2 0 s=4097 a=0 u=1 p=- -- /b").allocatedBytes(),
                    parse("1 2 0 s=1 a=1 u=1 p=- -- /c").allocatedBytes()});
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "0, 0", "7, 7", "999999999999999999, 999999999999999999", "9223372036854775807, 9223372036854775807",
        "9223372036854775808, -1", "10000000000000000000, -1", "0000000000000000000000000042, 42",
        "'', -1", "12a, -1", "-1, -1", "1 2, -1", "123456789012345678x, -1", "1234567890123456789x, -1"})
    void numbersUpTo64Bits(String text, long expected) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, LineParser.parseNumber(b, 0, b.length));
    }
}
