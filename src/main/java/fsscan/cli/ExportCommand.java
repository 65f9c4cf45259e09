package fsscan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import fsscan.query.DirectoryRow;
import fsscan.query.Query;
import fsscan.query.Scans;
import fsscan.query.Sort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Writes a scan's tree in ncdu's JSON export format, to browse it with ncdu -f FILE: every directory,"
                + " with its own files as one entry named '[N files]' (a scan's database keeps directories, not files).",
        footer = {"", "Example:  fsscan export --ncdu csfs1 -P /gpfs/csfs1/proj -o proj.ncdu && ncdu -f proj.ncdu"})
final class ExportCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ncdu", required = true, description = "ncdu's JSON export format (the only one for now)")
    boolean ncdu;

    @CommandLine.Mixin
    DatabaseChoice databases;

    @Option(names = {"-P", "--path-prefix"}, paramLabel = "PATH", description = "this directory and below (default: the whole scan)")
    String path;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "the file to write; - for standard output (fsscan export --ncdu -o - | ncdu -f-)")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (Scans scans = databases.open(main, spec.commandLine().getErr())) {
            if (scans.stores().size() != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "export writes one scan: name it (FS or --db)");
            }
            Query q = path == null ? Query.ALL : Query.builder().under(List.of(ScopeOptions.aliases().toScan(path))).build();
            List<DirectoryRow> rows = scans.list(q, Sort.PATH, false, 0);
            if (rows.isEmpty()) {
                throw new fsscan.query.QueryException("no directory " + path + " in the scan");
            }
            long scanTime = scans.stores().get(0).scanDay() * 86400;
            boolean stdout = OutputOptions.isStandardOutput(output);
            try (OutputStream file = stdout ? null : Files.newOutputStream(output);
                 JsonGenerator g = stdout ? standardOutput() : new JsonFactory().createGenerator(file)) {
                g.writeStartArray();
                g.writeNumber(1);
                g.writeNumber(2);
                g.writeStartObject();
                g.writeStringField("progname", "fsscan");
                g.writeStringField("progver", fsscan.db.Version.get());
                g.writeNumberField("timestamp", scanTime);
                g.writeEndObject();
                // Rows come in tree order: one top when every row lies below the first. Several roots (a
                // path above the scan's root) hang under one directory named as asked.
                String first = rows.get(0).path().equals("/") ? "/" : rows.get(0).path() + "/";
                boolean oneTop = rows.stream().skip(1).allMatch(r -> r.path().startsWith(first));
                int[] next = {0};
                if (oneTop) {
                    write(g, rows, next, rows.get(0).path());
                } else {
                    g.writeStartArray();
                    g.writeStartObject();
                    g.writeStringField("name", path == null ? "/" : path);
                    g.writeEndObject();
                    while (next[0] < rows.size()) {
                        write(g, rows, next, rows.get(next[0]).path());
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
        }
        return 0;
    }

    /** A generator onto the command's standard output, which it flushes but leaves open. */
    private JsonGenerator standardOutput() throws java.io.IOException {
        return new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).createGenerator(spec.commandLine().getOut());
    }

    /** Writes rows[next] (a directory) and its subtree, which follow it in tree order; advances next past them. */
    private static void write(JsonGenerator g, List<DirectoryRow> rows, int[] next, String name) throws Exception {
        DirectoryRow d = rows.get(next[0]++);
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeEndObject();
        if (d.fileCountNr() > 0) {
            g.writeStartObject();
            g.writeStringField("name", "[" + d.fileCountNr() + " files]");
            g.writeNumberField("asize", d.totalSizeNr());
            g.writeNumberField("dsize", d.totalSizeNr());
            g.writeEndObject();
        }
        String prefix = d.path().equals("/") ? "/" : d.path() + "/";
        while (next[0] < rows.size() && rows.get(next[0]).path().startsWith(prefix)) {
            DirectoryRow c = rows.get(next[0]);
            write(g, rows, next, c.path().substring(prefix.length()));
        }
        g.writeEndArray();
    }
}
