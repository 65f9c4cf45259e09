package fsscan.cli;

import fsscan.db.DatabaseTarget;
import fsscan.gen.ScanGenerator;
import fsscan.testutil.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fsscan generate} writes its scan beside the output and renames it into place: a random
 * order's bucket files (the whole scan, until it is written) stay out of /tmp, and a failure or a
 * signal leaves the output as it was and nothing else behind.
 */
class GenerateCommandTest {

    @TempDir
    Path dir;

    private static List<String> names(Path d) throws Exception {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] inMemory(long lines, ScanGenerator.Order order) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScanGenerator(7, lines, 0, "/gpfs/csfs1").order(order).write(out);
        return out.toByteArray();
    }

    @Test
    void aNewScanIsTheGeneratorsBytesWithTheModeANewFileGetsAndNothingBesideIt() throws Exception {
        Path out = dir.resolve("20260111_g_new.list");
        // What a killed run left: a process that is gone (pids stop far below this).
        Path abandoned = dir.resolve("20260111_g_new.list.tmp-999999999-1.bucket");
        Files.writeString(abandoned, "lines of a killed run");
        Cli.Result r = Cli.run("generate", "--lines", "30000", "--seed", "7", "--order", "random", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("wrote " + out + ": "), r.out());
        assertArrayEquals(inMemory(30_000, ScanGenerator.Order.RANDOM), Files.readAllBytes(out));
        assertEquals(List.of(out.getFileName().toString()), names(dir), "no staged file, bucket or leftover beside it");
        Path byHand = Files.createFile(dir.resolve("by-hand"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(byHand)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out)),
                "the mode a file made by hand gets under this umask (" + Integer.toOctalString(DatabaseTarget.umask()) + ")");
    }

    @Test
    void aScanReplacedKeepsItsModeAndALinkToItStaysALink() throws Exception {
        Path real = dir.resolve("20260111_g_old.list");
        Files.writeString(real, "an older scan\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.list"), real.getFileName());
        // The count as people write it: 5k is 5,000 lines.
        Cli.Result r = Cli.run("generate", "--lines", "5k", "--seed", "7", "-o", link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertArrayEquals(inMemory(5_000, ScanGenerator.Order.WINDOW), Files.readAllBytes(real));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS)));
        assertEquals(List.of(real.getFileName().toString(), link.getFileName().toString()), names(dir));
    }

    @Test
    void aDeviceIsWrittenAsTheLinesComeAndTheSummaryStaysOffStdout() throws Exception {
        // As -o /dev/stdout: the scan may be on stdout, so the summary must not be.
        Cli.Result r = Cli.run("generate", "--lines", "3000", "--order", "random", "-o", "/dev/null");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals("wrote /dev/null: 3,000 lines (", r.err().substring(0, "wrote /dev/null: 3,000 lines (".length()));
        assertTrue(r.err().strip().endsWith("malformed)"), r.err());
        assertTrue(!Files.isRegularFile(Path.of("/dev/null")), "/dev/null is not replaced by a file");
    }

    @Test
    void aSignalWhileTheBucketsAreFullLeavesTheOldScanAndNoFile() throws Exception {
        Path out = dir.resolve("20260111_g_sig.list");
        Files.writeString(out, "the scan of last week\n");
        Path work = Files.createDirectory(dir.resolve("work"));
        Path release = work.resolve("release");
        Child child = Child.fsscan(List.of("-Dfsscan.test.generate-hold-before-buckets=" + release), null,
                "generate", "--lines", "200000", "--order", "random", "-o", out.toString());
        child.awaitLine(l -> l.equals("test hook: buckets filled, holding"));
        String prefix = out.getFileName() + ".tmp-" + child.pid() + "-";
        List<String> run = names(dir).stream().filter(n -> n.startsWith(prefix)).toList();
        // The staged scan and its one bucket (200,000 lines a bucket), beside the output.
        assertEquals(2, run.size(), names(dir).toString());
        Path bucket = dir.resolve(run.stream().filter(n -> n.endsWith(".bucket")).findFirst().orElseThrow());
        assertTrue(Files.size(bucket) > 1_000_000, "the bucket holds the lines");
        child.signal("TERM");
        assertEquals(143, child.exitCode(), String.join("\n", child.stderr()));
        assertEquals(List.of(out.getFileName().toString(), "work"), names(dir), "nothing of the run is left");
        assertEquals("the scan of last week\n", Files.readString(out));
    }
}
