package fsscan.cli;

import com.github.luben.zstd.ZstdOutputStream;
import fsscan.gen.ScanGenerator;
import fsscan.testutil.TestScans;
import fsscan.testutil.Expectations;
import fsscan.testutil.ReferenceScan;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans as they arrive: compressed, split, piped, escaped, without thread tokens, from Lustre. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputFormatsTest {

    @TempDir
    static Path dir;
    byte[] plain;
    List<List<Object>> reference;

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    @BeforeAll
    void importThePlainScan() throws Exception {
        plain = generate(ScanGenerator.Style.GPFS);
        Path db = importBytes("plain", plain);
        reference = ImportEndToEndTest.dump(db);
        Expectations.assertMatches(ReferenceScan.of(plain), db, "fmt", "2026-01-11");
    }

    private static byte[] generate(ScanGenerator.Style style) throws IOException {
        return fsscan.testutil.TestScans.generate(21, 30_000, 0.002, "/gpfs/csfs1", style);
    }



    private Path importFiles(String label, List<Path> files, String... extra) {
        Path db = dir.resolve(label + ".db");
        List<String> args = new ArrayList<>(List.of("import"));
        files.forEach(f -> args.add(f.toString()));
        args.addAll(List.of("--db", db.toString(), "-q", "-f", "fmt", "--chunk-size", "131072"));
        args.addAll(Arrays.asList(extra));
        Cli.Result r = Cli.run(InputStream.nullInputStream(), args.toArray(new String[0]));
        assertEquals(0, r.code(), label + ": " + r.err());
        return db;
    }

    private Path importBytes(String label, byte[] content, String... extra) throws IOException {
        Path file = dir.resolve("20260111_srv_fmt-" + label + ".list.list_all.log");
        Files.write(file, content);
        return importFiles(label, List.of(file), extra);
    }

    private static byte[] compress(byte[] data, Compressor c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = c.wrap(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void compressedScansGiveTheSameDatabase() throws Exception {
        Map<String, Compressor> formats = Map.of(
                "gzip", GZIPOutputStream::new,
                "xz", XZCompressorOutputStream::new,
                "zstd", ZstdOutputStream::new,
                "bzip2", BZip2CompressorOutputStream::new);
        for (Map.Entry<String, Compressor> f : formats.entrySet()) {
            byte[] packed = compress(plain, f.getValue());
            assertTrue(packed.length < plain.length / 3, f.getKey() + " compresses");
            assertEquals(reference, ImportEndToEndTest.dump(importBytes(f.getKey(), packed)), f.getKey());
        }
    }

    @Test
    void aScanSplitInThreeFilesIsOneScan() throws Exception {
        List<byte[]> lines = ImportEndToEndTest.splitLines(plain);
        List<Path> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            for (int i = p; i < lines.size(); i += 3) {
                part.writeBytes(lines.get(i));
                part.write('\n');
            }
            byte[] bytes = part.toByteArray();
            // One part compressed, one without its last newline: each file is read as it is.
            if (p == 1) {
                bytes = compress(bytes, GZIPOutputStream::new);
            } else if (p == 2) {
                bytes = Arrays.copyOf(bytes, bytes.length - 1);
            }
            Path file = dir.resolve("20260111_srv_fmt.list.list_all.log." + p);
            Files.write(file, bytes);
            parts.add(file);
        }
        Path db = importFiles("split", parts, "-w", "3");
        assertEquals(reference, ImportEndToEndTest.dump(db));
        String rejects = Files.readString(db.resolveSibling("split.db.rejects"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(rejects.contains("\n" + parts.get(0) + ":"), "rejected lines say which file they are in");
    }

    @Test
    void standardInputIsAScanToo() throws Exception {
        Path db = dir.resolve("stdin.db");
        Cli.Result r = Cli.run(new ByteArrayInputStream(compress(plain, ZstdOutputStream::new)), "import", "-", "-f", "fmt",
                "--db", db.toString(), "-q", "--scan-date", "2026-01-11");
        assertEquals(0, r.code(), r.err());
        assertEquals(reference, ImportEndToEndTest.dump(db));
        Cli.Result noName = Cli.run(new ByteArrayInputStream(plain), "import", "-", "--db", db.toString(), "-q");
        assertEquals(1, noName.code());
        assertTrue(noName.err().contains("give it with -f NAME"), noName.err());
    }

    @Test
    void escapedPathsAndListsWithoutThreadTokensGiveTheSameDatabase() throws Exception {
        byte[] escaped = generate(ScanGenerator.Style.GPFS_ESCAPED);
        assertTrue(new String(escaped, java.nio.charset.StandardCharsets.ISO_8859_1).contains("%20"), "paths are encoded");
        assertEquals(reference, ImportEndToEndTest.dump(importBytes("escaped", escaped, "--escaped")));
        assertEquals(reference, ImportEndToEndTest.dump(importBytes("nothread", generate(ScanGenerator.Style.GPFS_NO_THREAD))));
    }

    @Test
    void damagedCompressedFilesAreClearErrorsAndThePreviousDatabaseStays() throws Exception {
        Path db = importBytes("damaged", plain);
        byte[] before = Files.readAllBytes(db);
        byte[] gz = compress(plain, GZIPOutputStream::new);
        byte[] zst = compress(plain, ZstdOutputStream::new);
        byte[] corrupted = zst.clone();
        for (int i = corrupted.length / 2; i < corrupted.length / 2 + 64; i++) {
            corrupted[i] ^= 0x5A;
        }
        // Cut in half, and cut inside its first megabyte of text (the end comes while the file is
        // opened, not while it is read: the stream's error has no message of its own).
        Map<String, byte[]> damaged = Map.of("gzip", Arrays.copyOf(gz, gz.length / 2), "zstd", corrupted,
                "gzip-head", Arrays.copyOf(gz, 3000));
        for (Map.Entry<String, byte[]> d : damaged.entrySet()) {
            String format = d.getKey().replace("-head", "");
            Path file = dir.resolve("20260111_srv_fmt.damaged." + d.getKey());
            Files.write(file, d.getValue());
            Cli.Result r = Cli.run(InputStream.nullInputStream(), "import", file.toString(), "--db", db.toString(), "-q", "-f", "fmt");
            assertEquals(1, r.code(), d.getKey());
            assertTrue(r.err().startsWith("fsscan import: cannot read " + file + " (" + format + ": damaged or truncated?): "),
                    r.err());
            assertFalse(r.err().contains("null"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertArrayEquals(before, Files.readAllBytes(db), d.getKey());
        }
    }

    @Test
    void lustreScansFollowTheSameRules() throws Exception {
        byte[] lustre = generate(ScanGenerator.Style.LUSTRE);
        assertTrue(new String(lustre, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("# "), "Lustre headers are # lines");
        ReferenceScan expected = ReferenceScan.of(lustre);
        assertTrue(expected.files > 20_000 && expected.malformed > 0);
        // Detected from the content, or asked for.
        Expectations.assertMatches(expected, importBytes("lustre-auto", lustre), "fmt", "2026-01-11");
        Expectations.assertMatches(expected, importBytes("lustre", lustre, "--format", "lustre"), "fmt", "2026-01-11");
    }
}
