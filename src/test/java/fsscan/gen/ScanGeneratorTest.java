package fsscan.gen;

import fsscan.testutil.ReferenceScan;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScanGeneratorTest {

    private static byte[] generate(long seed, long lines, double dirty) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScanGenerator(seed, lines, dirty, "/gpfs/fs1").write(out);
        return out.toByteArray();
    }

    private static List<String> lines(byte[] b) {
        return List.of(new String(b, StandardCharsets.ISO_8859_1).split("\n"));
    }

    /** Fails a write that would take it past {@code limit} bytes, as a full disk does. */
    private static final class FullDisk extends java.io.OutputStream {
        private final long limit;
        private long written;

        FullDisk(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            if (written + len > limit) {
                throw new java.io.IOException("No space left on device");
            }
            written += len;
        }
    }

    @Test
    void aRandomOrdersBucketFilesGoWhereToldAndAreRemovedWhenTheWriteFails(@org.junit.jupiter.api.io.TempDir
                                                                           java.nio.file.Path dir) throws Exception {
        // Before the buckets are written out (the last header line), and while the first is.
        for (long limit : new long[] {160, 1_000_000}) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> new ScanGenerator(3, 30_000, 0, "/gpfs/fs1").order(ScanGenerator.Order.RANDOM)
                            .bucketFiles(dir, "scan.tmp-").write(new FullDisk(limit)));
            assertEquals("No space left on device", e.getMessage());
            try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(dir)) {
                assertEquals(List.of(), left.toList(), "at " + limit + " bytes");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScanGenerator(3, 30_000, 0, "/gpfs/fs1").order(ScanGenerator.Order.RANDOM).bucketFiles(dir, "scan.tmp-").write(out);
        ReferenceScan written = ReferenceScan.of(out.toByteArray());
        assertEquals(30_000, written.files + written.dirLines);
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the buckets are gone once written");
        }
    }

    private static byte[] random(long lines, long linesPerBucket, int maxFiles) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScanGenerator g = new ScanGenerator(7, lines, 0, "/gpfs/fs1").order(ScanGenerator.Order.RANDOM);
        g.linesPerBucket = linesPerBucket;
        g.maxFiles = maxFiles;
        g.write(out);
        return out.toByteArray();
    }

    @Test
    void aRandomScanIsTheSameWhateverNumberOfFilesItsBucketsShare() throws Exception {
        // Five buckets: a file each, three and two in two files, all five in one.
        byte[] own = random(50_000, 10_000, 0);
        assertArrayEquals(own, random(50_000, 10_000, 2));
        assertArrayEquals(own, random(50_000, 10_000, 1));
        assertFalse(java.util.Arrays.equals(own, random(50_000, 25_000, 0)), "other buckets, another order");
    }

    @Test
    void aLowLimitOnOpenFilesStillGivesTheSameScan(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // A limit on open files that the JVM's jars (the test's class path) take most of, and 100
        // buckets more than it.
        String classPath = System.getProperty("java.class.path");
        int limit = classPath.split(java.io.File.pathSeparator).length + 64;
        long lines = (limit + 100) * 1000L;
        java.nio.file.Path out = dir.resolve("20260111_fd_limit.list");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$0\" \"$@\""));
        cmd.addAll(fsscan.testutil.Child.javaCommand(List.of("-Dfsscan.test.generate-lines-per-bucket=1000"), classPath));
        cmd.addAll(List.of("generate", "--lines", Long.toString(lines), "--seed", "7", "--root", "/gpfs/fs1",
                "--order", "random", "-o", out.toString()));
        fsscan.testutil.Child child = fsscan.testutil.Child.start(cmd, null, null);
        assertEquals(0, child.exitCode(), String.join("\n", child.stderr()));
        assertArrayEquals(random(lines, 1000, 0), java.nio.file.Files.readAllBytes(out));
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        assertArrayEquals(generate(3, 20_000, 0.01), generate(3, 20_000, 0.01));
        assertFalse(java.util.Arrays.equals(generate(3, 20_000, 0), generate(4, 20_000, 0)));
    }

    @Test
    void itLooksLikeARealScan() throws Exception {
        byte[] scan = generate(9, 200_000, 0);
        ReferenceScan ref = ReferenceScan.of(scan);
        assertEquals(200_000, ref.files + ref.dirLines, "exactly the data lines asked for");
        assertEquals(0, ref.malformed);
        assertTrue(ref.headers >= 3, "header lines");

        List<String> lines = lines(scan);
        long inodeOrder = 0;
        long previous = -1;
        Map<String, Integer> inodes = new HashMap<>();
        long symlinks = 0;
        long inodeData = 0;
        long notUtf8 = 0;
        long odd = 0;
        long fileBeforeDir = 0;
        Map<String, Integer> firstSeen = new HashMap<>();
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("[")) {
                continue;
            }
            String[] f = l.split(" ");
            long inode = Long.parseLong(f[1]);
            if (inode < 3_000_000_000L) {
                inodeOrder += inode > previous ? 1 : 0;
                previous = inode;
            }
            inodes.merge(f[1], 1, Integer::sum);
            String path = l.substring(l.indexOf(" -- ") + 4);
            if (l.contains(" p=l")) {
                symlinks++;
            }
            if (l.contains(" a=0 ") && !l.contains(" p=l")) {
                inodeData++;
            }
            if (!java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(path)
                    || path.chars().anyMatch(c -> c >= 0x80)) {
                notUtf8++;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.contains(" -- ") || name.contains("=") || name.contains("%") || name.contains(" ")) {
                odd++;
            }
            if (l.contains(" p=d")) {
                dirs.add(path);
            } else {
                firstSeen.putIfAbsent(path.substring(0, path.lastIndexOf('/')), i);
            }
            firstSeen.putIfAbsent("dir:" + path, i);
        }
        for (String d : dirs) {
            Integer fileLine = firstSeen.get(d);
            if (fileLine != null && fileLine < firstSeen.get("dir:" + d)) {
                fileBeforeDir++;
            }
        }
        long hardLinked = inodes.values().stream().filter(n -> n == 2).count();
        assertTrue(inodeOrder > 0.99 * (lines.size() - 10), "inode order");
        assertTrue(fileBeforeDir > dirs.size() / 10, "files often come before their directory: " + fileBeforeDir);
        assertTrue(hardLinked > 100, "hard links: " + hardLinked);
        assertTrue(symlinks > 1000, "symlinks: " + symlinks);
        assertTrue(inodeData > 10_000, "small files in the inode: " + inodeData);
        assertTrue(notUtf8 > 10, "names that are not UTF-8: " + notUtf8);
        assertTrue(odd > 100, "names with spaces, ' -- ', '=', '%': " + odd);

        long deepest = ref.dirs.keySet().stream().mapToLong(p -> p.chars().filter(c -> c == '/').count()).max().orElse(0);
        assertTrue(deepest >= 15, "deep trees: " + deepest);
        long biggest = ref.dirs.values().stream().mapToLong(d -> d.filesNr).max().orElse(0);
        assertTrue(biggest > 1_000, "heavy-tailed directory sizes: " + biggest);
        long users = ref.dirs.keySet().stream().filter(p -> p.split("/").length == 4).count();
        assertTrue(users >= 10, "a user and project level under the root: " + users);
        long shared = ref.dirs.values().stream().filter(d -> d.uid == Long.MIN_VALUE).count();
        long single = ref.dirs.values().stream().filter(d -> d.uid >= 0).count();
        assertTrue(shared > 0 && single > 10 * shared, "mostly single-owner subtrees: " + single + " vs " + shared);
        assertTrue(ref.dirs.size() > 200_000 / 20, "about 8 % directories: " + ref.dirs.size());
    }

    @Test
    void largeScansHaveDirectoriesOf100000FilesAndMore() throws Exception {
        // Counted as the lines stream out: 2 million lines are too many to hold in a test's heap.
        Map<String, Integer> filesPerDirectory = new HashMap<>();
        java.io.OutputStream counter = new java.io.OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        line.write(b, start, i - start);
                        count(line.toString(StandardCharsets.ISO_8859_1));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(b, start, off + len - start);
            }

            private void count(String l) {
                int sep = l.indexOf(" -- ");
                if (sep > 0 && !l.contains(" p=d")) {
                    filesPerDirectory.merge(l.substring(sep + 4, l.lastIndexOf('/')), 1, Integer::sum);
                }
            }
        };
        java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(counter, 1 << 16);
        new ScanGenerator(1, 2_000_000, 0, "/gpfs/fs1").write(buffered);
        buffered.flush();
        long huge = filesPerDirectory.values().stream().filter(n -> n >= 100_000).count();
        assertTrue(huge >= 1, "directories with 100,000+ files: " + huge);
    }

    @Test
    void dirtyMixesInMalformedLinesAtTheRateAsked() throws Exception {
        ReferenceScan ref = ReferenceScan.of(generate(5, 50_000, 0.01));
        assertTrue(ref.malformed > 350 && ref.malformed < 650, "about 1 %: " + ref.malformed);
        assertEquals(50_000, ref.files + ref.dirLines);
    }
}
