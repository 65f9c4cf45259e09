package fsscan.cli;

import fsscan.query.Catalog;
import fsscan.web.WebServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "A web view and JSON API of the scans for every user of the file system: a treemap to drill"
                + " down in, owners, histograms and the biggest directories, each user seeing the directories where"
                + " they or their groups own files.",
        footer = {"",
            "Prints 'listening on http://ADDR:PORT/' once it answers; stops on SIGTERM or",
            "Ctrl-C. A newly imported scan is served from the next request on.",
            "",
            "Who sees what: --auth none (the default) shows everything to whoever connects,",
            "so it listens on loopback only. --auth trusted-header: the site's reverse proxy",
            "signs users in and passes the user name in --user-header (X-Remote-User),",
            "believed only from this machine; members of an --admin-group see everything,",
            "everyone else the directories in whose subtree they or one of their groups own",
            "a file, with those directories' full figures.",
            "",
            "API: /api/v1/scans, /api/v1/tree?fs=FS&path=PATH, /api/v1/query?fs=FS&<option>=",
            "<value> (every long option of fsscan query, without dashes; true for a flag),",
            "/api/v1/analyze?histogram=access-history|file-size&..., /api/v1/compare?old=",
            "FS@previous&new=FS&...; format=csv|tsv for a download.",
            "",
            "Examples:",
            "  on this machine only:    fsscan serve",
            "  behind the site's proxy: fsscan serve --auth trusted-header --admin-group hpcadmin"})
final class ServeCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Which databases it serves: FS|all, --db, --data-dir, as every command names them. */
    @CommandLine.Mixin
    FileChoice files;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE}; 0: a free one)")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "none",
            description = "none (loopback only, everyone sees all) or trusted-header (default: ${DEFAULT-VALUE})")
    String auth;

    @Option(names = "--user-header", paramLabel = "NAME", defaultValue = "X-Remote-User",
            description = "the header the proxy names the user in (default: ${DEFAULT-VALUE})")
    String userHeader;

    @Option(names = "--proxy-secret-file", paramLabel = "FILE",
            description = "believe the user header only with header X-Fsscan-Proxy-Secret equal to this file's content"
                    + " (the proxy sends it; other local users cannot): for a machine others log in to")
    Path proxySecretFile;

    @Option(names = "--admin-group", paramLabel = "NAME", description = "members of this unix group see everything (repeatable)")
    List<String> adminGroups = new ArrayList<>();

    @Option(names = "--passwd", paramLabel = "FILE", description = "users from this /etc/passwd-format file instead of the machine's")
    Path passwd;

    @Option(names = "--group", paramLabel = "FILE", description = "groups from this /etc/group-format file instead of the machine's")
    Path group;

    @Option(names = "--cache-size", paramLabel = "SIZE", defaultValue = "64M", converter = Converters.Size.class,
            description = "answers kept in memory, at most this many bytes; 0: none (default: ${DEFAULT-VALUE}). A kept"
                    + " answer is dropped when its database is replaced: never stale")
    long cacheSize;

    @Option(names = "--log", paramLabel = "FILE", description = "append the request log here (default: standard error)")
    Path log;

    @Override
    public Integer call() throws Exception {
        WebServer.Auth mode = switch (auth) {
            case "none" -> WebServer.Auth.NONE;
            case "trusted-header" -> WebServer.Auth.TRUSTED_HEADER;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--auth is none or trusted-header, not '" + auth + "'");
        };
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port is 0 to 65535");
        }
        if (mode == WebServer.Auth.NONE && !adminGroups.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--admin-group needs --auth trusted-header");
        }
        Catalog catalog = files.catalog(main);
        Path single = files.db;
        String target = files.target;
        if (single == null && target == null && files.dataDir == null) {
            String env = main.environment.get("FS_SCAN_DB");
            single = env != null && !env.isBlank() ? Path.of(env) : null;
        }
        if (single != null && !Files.isRegularFile(single)) {
            throw new fsscan.query.QueryException("no database " + single);
        }
        String only = target == null || target.equals("all") ? null : target;
        if (single == null && only != null && !Files.isRegularFile(catalog.fileOf(only))) {
            // Not a name of the data directory: a database file given in its place, served as --db
            // serves it, or the catalog's error, which names what there is.
            single = catalog.choose(only).files().get(0);
            only = null;
        }
        for (Path f : new Path[] {passwd, group}) {
            if (f != null && !Files.isReadable(f)) {
                throw new fsscan.query.QueryException("cannot read " + f);
            }
        }
        String secret = null;
        if (proxySecretFile != null) {
            if (mode != WebServer.Auth.TRUSTED_HEADER) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--proxy-secret-file needs --auth trusted-header");
            }
            secret = Files.readString(proxySecretFile, StandardCharsets.UTF_8).strip();
            if (secret.length() < 16) {
                throw new fsscan.query.QueryException(proxySecretFile + " holds a secret of " + secret.length()
                        + " characters; use at least 16 (head -c 32 /dev/urandom | base64)");
            }
        }
        PrintWriter requests = log == null ? spec.commandLine().getErr()
                : new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), true);
        ImportCommand.loadSqlite();
        if (single != null) {
            // A file that is not a readable fsscan database stops serve here, saying why, not at
            // every request.
            fsscan.db.ScanReader.open(single).close();
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signals signals = Signals.install(received -> stop.countDown());
        try (WebServer server = WebServer.start(new WebServer.Settings(catalog, only, single, bind, port, mode, userHeader,
                adminGroups, passwd, group, requests, cacheSize, secret))) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("listening on " + server.url());
            out.flush();
            stop.await();
            spec.commandLine().getErr().println("fsscan serve: stopping");
            spec.commandLine().getErr().flush();
        } finally {
            signals.restore();
        }
        return 0;
    }
}
