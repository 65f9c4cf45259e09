package fsscan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a person sees when the command line or an output file is wrong: a line or two, never a stack trace. */
class CommandLineErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aWrongCommandLineIsTheErrorAndAPointerToHelp() {
        // An empty data directory: a usage error must be found before any database is looked for.
        String empty = dir.resolve("empty-data").toString();
        for (List<String> args : List.of(List.of("bogus"), List.of("import"), List.of("analyze", "--db", "x.db"),
                List.of("query", "--data-dir", empty, "--accessed-before", "3"),
                List.of("query", "--data-dir", empty, "--min-size", "10Q"),
                List.of("query", "--data-dir", empty, "--max-files", "many"),
                List.of("compare", "a.db", "b.db", "--sort-by", "size"))) {
            Cli.Result r = Cli.run(args.toArray(new String[0]));
            assertEquals(2, r.code(), args + ": " + r.err());
            List<String> lines = r.err().strip().lines().toList();
            assertEquals(2, lines.size(), args + ": " + r.err());
            assertTrue(lines.get(0).startsWith("fsscan"), r.err());
            assertFalse(lines.get(0).contains("Error:"), r.err());
            assertTrue(lines.get(1).contains("--help"), r.err());
        }
    }

    @Test
    void anOutputFileThatCannotBeWrittenIsOneLine() throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("out");
        Cli.Result gen = Cli.run("generate", "--lines", "200", "-o", missing.toString());
        assertEquals(1, gen.code(), gen.err());
        assertEquals("fsscan generate: " + missing + ": no such file or directory", gen.err().strip());

        Path scan = dir.resolve("20260101_s_out.list.list_all.log");
        assertEquals(0, Cli.run("generate", "--lines", "2000", "-o", scan.toString()).code());
        Path db = dir.resolve("out.db");
        assertEquals(0, Cli.run("import", scan.toString(), "--db", db.toString(), "-q").code());
        for (String command : List.of("query", "analyze")) {
            Cli.Result r = command.equals("query")
                    ? Cli.run("query", "--db", db.toString(), "-o", missing.toString())
                    : Cli.run("analyze", "--db", db.toString(), "--file-size", "-o", missing.toString());
            assertEquals(1, r.code(), r.err());
            assertEquals("fsscan " + command + ": " + missing + ": no such file or directory", r.err().strip());
        }
        assertFalse(Files.exists(missing.getParent()));
    }
}
