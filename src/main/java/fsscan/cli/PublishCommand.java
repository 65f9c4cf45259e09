package fsscan.cli;

import fsscan.pg.PgUrl;
import fsscan.pg.Publisher;
import fsscan.query.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "publish",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Loads scans into PostgreSQL, one schema per file system, and makes each the live one atomically:"
                + " readers see the old scan or the new one, never a mix or nothing. query, analyze and compare then answer"
                + " from it with --postgres URL.",
        footer = {"",
            "URL: postgresql://user[:password]@host[:port]/database (as psql takes it), else $FS_SCAN_POSTGRES;",
            "the password may also come from $PGPASSWORD or ~/.pgpass.",
            "A publish that fails or is killed leaves the live scan serving; the next one removes its leftovers.",
            "Exit codes: 0 done, 1 failed (reason on stderr, the live scan untouched), 2 bad command line."})
final class PublishCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    FileChoice files;

    @Option(names = "--postgres", paramLabel = "URL", description = "the PostgreSQL database to load into")
    String postgres;

    @Option(names = "--role-readonly", paramLabel = "NAME",
            description = "a role that may read the published scans (USAGE and SELECT are granted to it)")
    String readOnlyRole;

    @Override
    public Integer call() throws Exception {
        String url = postgres != null ? postgres : main.environment.get("FS_SCAN_POSTGRES");
        if (url == null || url.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--postgres URL is required (or $FS_SCAN_POSTGRES)");
        }
        PgUrl pg = PostgresUrl.parse(spec, url, main);
        Catalog.Choice choice = files.catalog(main).choose(files.target);
        ImportCommand.loadSqlite();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Publisher publisher = new Publisher(pg, readOnlyRole, line -> {
            err.println(line);
            err.flush();
        });
        for (Path file : choice.files()) {
            err.println("fsscan publish: " + file + " -> " + pg.describe());
            err.flush();
            Publisher.Result r = publisher.publish(file);
            out.printf(Locale.ROOT, "published %s from %s to %s (schema %s): %,d directories, %,d rows, %.1f MB in %.2f s"
                            + " (%,.0f directories/s)%n", r.filesystem(), file, pg.describe(), r.schema(), r.directories(),
                    r.rows(), r.bytes() / 1e6, r.seconds(), r.directories() / Math.max(r.seconds(), 1e-9));
            out.flush();
        }
        return 0;
    }
}
