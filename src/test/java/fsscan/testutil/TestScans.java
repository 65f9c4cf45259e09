package fsscan.testutil;

import fsscan.cli.Main;
import fsscan.gen.ScanGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scans the tests make and import: the one place every test class gets its databases from. */
public final class TestScans {

    private TestScans() {
    }

    /** The generator's scan: {@code lines} data lines under {@code root}, {@code dirty} of them malformed. */
    public static byte[] generate(long seed, long lines, double dirty, String root) {
        return generate(seed, lines, dirty, root, ScanGenerator.Style.GPFS);
    }

    /** The same scan written in another style (no thread token, percent-encoded, Lustre). */
    public static byte[] generate(long seed, long lines, double dirty, String root, ScanGenerator.Style style) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ScanGenerator(seed, lines, dirty, root, style).write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static Path write(Path dir, String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** Imports {@code scan} into {@code db} with the real command (quietly), failing the test if it fails. */
    public static Path importInto(Path scan, Path db, String... extra) {
        List<String> args = new ArrayList<>(List.of("import", scan.toString(), "--db", db.toString(), "-q"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = Main.execute(Main.commandLine(Map.of(), o, e), o, e, args.toArray(new String[0]));
        if (code != 0) {
            throw new AssertionError("import of " + scan + " failed (" + code + "): " + err);
        }
        return db;
    }

    /**
     * Two weekly scans of file system "gen" (root /gpfs/gen) imported into {@code data/gen.db}, the
     * first of 2026-01-04 kept by {@code --keep-previous} in {@code data/archive}, the live one of
     * 2026-01-11: what compare FS@previous, and the web view's growth, read.
     */
    public static void keptWeeks(Path dir, Path data, long seed1, long lines1, long seed2, long lines2) throws IOException {
        Path first = write(dir, "20260104_srv_gen.list", generate(seed1, lines1, 0, "/gpfs/gen"));
        Path second = write(dir, "20260111_srv_gen.list", generate(seed2, lines2, 0, "/gpfs/gen"));
        importInto(first, data.resolve("gen.db"));
        importInto(second, data.resolve("gen.db"), "--keep-previous", data.resolve("archive").toString());
    }

    /** Writes {@code content} as {@code name} in {@code dir} and imports it into {@code dir/<db>}. */
    public static Path imported(Path dir, String name, byte[] content, String db, String... extra) throws IOException {
        return importInto(write(dir, name, content), dir.resolve(db), extra);
    }
}
