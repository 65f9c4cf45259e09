package fsscan.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import fsscan.cli.ApiAnswers;
import fsscan.query.Catalog;
import fsscan.query.DirectoryRow;
import fsscan.query.NameService;
import fsscan.query.QueryException;
import fsscan.query.ScanStore;
import fsscan.query.Scans;
import fsscan.query.Summary;
import fsscan.query.Viewer;
import fsscan.query.VisibleSet;
import fsscan.report.Answers;
import fsscan.report.Format;
import fsscan.report.Renderer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.Pair;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code fsscan serve}: the page and the JSON API over Pekko HTTP. Every request is answered by
 * {@link #respond} on the server's own dispatcher, which first settles who is asking and what
 * they may see ({@link Access}), then answers through the query engine with the scans wrapped for
 * that viewer: no handler can answer over more than the viewer may see. Read-only: the server
 * opens every database read-only, per request, so an import that renames a new file into place is
 * served from the next request on.
 */
public final class WebServer implements AutoCloseable {

    /** How the server tells who is asking. */
    public enum Auth {
        /** Nobody signs in; everyone sees everything. Loopback only. */
        NONE,
        /** A reverse proxy on this machine signs users in and names them in a header. */
        TRUSTED_HEADER;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** What a server is started with. */
    public record Settings(Catalog catalog, String only, Path single, String bind, int port, Auth auth, String userHeader,
                           List<String> adminGroups, Path passwd, Path group, PrintWriter log, long cacheBytes,
                           String proxySecret) {

        /** With the answer cache given and no proxy secret. */
        public Settings(Catalog catalog, String only, Path single, String bind, int port, Auth auth, String userHeader,
                        List<String> adminGroups, Path passwd, Path group, PrintWriter log, long cacheBytes) {
            this(catalog, only, single, bind, port, auth, userHeader, adminGroups, passwd, group, log, cacheBytes, null);
        }

        /** With the default answer cache, 64 MiB. */
        public Settings(Catalog catalog, String only, Path single, String bind, int port, Auth auth, String userHeader,
                        List<String> adminGroups, Path passwd, Path group, PrintWriter log) {
            this(catalog, only, single, bind, port, auth, userHeader, adminGroups, passwd, group, log, 64L << 20, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The header a proxy proves itself with when the server is given a secret. */
    public static final String PROXY_SECRET = "X-Fsscan-Proxy-Secret";
    private static final Map<String, String> STATIC = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Settings settings;
    private final Served served;
    private final Accounts accounts;
    private final NameService names;
    private final ActorSystem<Void> system;
    private final ServerBinding binding;
    private final Executor answering;
    private final AnswerCache cache;

    private WebServer(Settings settings, ActorSystem<Void> system, NameService names, Accounts accounts) throws Exception {
        this.settings = settings;
        this.names = names;
        this.accounts = accounts;
        this.served = new Served(settings.catalog(), settings.only(), settings.single(), names);
        this.system = system;
        this.cache = new AnswerCache(settings.cacheBytes());
        this.answering = system.dispatchers().lookup(DispatcherSelector.fromConfig("fsscan.serve.dispatcher"));
        this.binding = Http.get(system).newServerAt(settings.bind(), settings.port())
                .bind(this::handle).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * Starts a server and returns once it answers. Refuses {@code --auth none} on anything but a
     * loopback address: without sign-in everyone sees everything.
     */
    public static WebServer start(Settings settings) throws Exception {
        InetAddress address = InetAddress.getByName(settings.bind());
        if (settings.auth() == Auth.NONE && !address.isLoopbackAddress()) {
            throw new QueryException("--auth none shows every directory to whoever connects: it listens on loopback only"
                    + " (127.0.0.1, ::1); on " + settings.bind() + " use --auth trusted-header behind the site's"
                    + " signing-in proxy");
        }
        NameService names = NameService.files(settings.passwd(), settings.group());
        Accounts accounts = Accounts.of(settings.passwd(), settings.group());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fsscan-serve", fsscan.pipeline.FsscanConfig.load());
        try {
            return new WebServer(settings, system, names, accounts);
        } catch (Exception e) {
            system.terminate();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new QueryException("cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
    }

    /** The address it listens on (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    @Override
    public void close() {
        try {
            binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Stopping anyway.
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Stopped as far as it goes.
        }
    }

    /** The answer cache's {hits, misses} so far. */
    public long[] cacheCounts() {
        return cache.counts();
    }

    // ---- requests ----

    /** An answer: status, type, body, extra headers. */
    record Answer(int status, String type, byte[] body, Map<String, String> headers) {
        static Answer json(int status, Object value) {
            try {
                return new Answer(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    private CompletionStage<HttpResponse> handle(HttpRequest request) {
        long started = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            Who who = null;
            Answer answer;
            try {
                who = identify(request);
                answer = who.refusal != null ? who.refusal : respond(request, who);
            } catch (Throwable e) {
                settings.log().println(stamp() + " error answering " + request.getUri().path() + ": " + e);
                answer = Answer.error(500, "the server failed to answer; its log says why");
            }
            log(request, who, answer, started);
            return response(answer);
        }, answering);
    }

    private static HttpResponse response(Answer a) {
        ContentType type = ContentTypes.parse(a.type().startsWith("application/json") ? "application/json" : a.type());
        List<HttpHeader> headers = new ArrayList<>();
        // The page loads nothing from elsewhere and runs only its own script.
        headers.add(RawHeader.create("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"));
        headers.add(RawHeader.create("X-Content-Type-Options", "nosniff"));
        headers.add(RawHeader.create("Referrer-Policy", "same-origin"));
        headers.add(RawHeader.create("Cache-Control", "no-store"));
        a.headers().forEach((k, v) -> headers.add(RawHeader.create(k, v)));
        return HttpResponse.create().withStatus(a.status()).withEntity(type, a.body()).addHeaders(headers);
    }

    private void log(HttpRequest request, Who who, Answer answer, long started) {
        String remote = remote(request).map(InetAddress::getHostAddress).orElse("-");
        String user = who == null || who.name == null ? "-" : who.name;
        String line = String.format(java.util.Locale.ROOT, "%s %s %s %s %s %d %d %.1fms", stamp(), remote,
                user.replaceAll("[^\\x21-\\x7e]", "?"), request.method().value(),
                request.getUri().toRelative().toString().replaceAll("[^\\x21-\\x7e]", "?"), answer.status(),
                answer.body().length, (System.nanoTime() - started) / 1e6);
        synchronized (settings.log()) {
            settings.log().println(line);
            settings.log().flush();
        }
    }

    private static String stamp() {
        return java.time.OffsetDateTime.now().withNano(0).toString();
    }

    private static Optional<InetAddress> remote(HttpRequest request) {
        return request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
    }

    // ---- who is asking ----

    /** The asker: an administrator (viewer null), a user with what they may see, or a refusal. */
    static final class Who {
        final String name;
        final Viewer viewer;
        final boolean admin;
        final Long uid;
        final Long gid;
        final Answer refusal;

        Who(String name, Viewer viewer, boolean admin, Long uid, Long gid, Answer refusal) {
            this.name = name;
            this.viewer = viewer;
            this.admin = admin;
            this.uid = uid;
            this.gid = gid;
            this.refusal = refusal;
        }

        static Who refused(int status, String message) {
            return new Who(null, null, false, null, null, Answer.error(status, message));
        }
    }

    /**
     * {@code --auth none}: everyone is an administrator (the server listens on loopback only).
     * {@code --auth trusted-header}: the header names the user, believed only from a loopback
     * peer (the site's proxy); an administrator is a member of an {@code --admin-group}.
     */
    private Who identify(HttpRequest request) {
        if (settings.auth() == Auth.NONE) {
            return new Who(null, null, true, null, null, null);
        }
        Optional<InetAddress> peer = remote(request);
        if (peer.isEmpty() || !peer.get().isLoopbackAddress()) {
            return Who.refused(403, "this server trusts " + settings.userHeader() + " only from its signing-in proxy on"
                    + " this machine; connect through the proxy");
        }
        if (settings.proxySecret() != null) {
            // Loopback is every local user too: with a secret, only the proxy that knows it is believed.
            Optional<HttpHeader> secret = request.getHeader(PROXY_SECRET);
            if (secret.isEmpty() || !java.security.MessageDigest.isEqual(secret.get().value().getBytes(StandardCharsets.UTF_8),
                    settings.proxySecret().getBytes(StandardCharsets.UTF_8))) {
                return Who.refused(403, "this server believes " + settings.userHeader() + " only from its signing-in proxy,"
                        + " which sends " + PROXY_SECRET + "; connect through the proxy");
            }
        }
        Optional<HttpHeader> header = request.getHeader(settings.userHeader());
        if (header.isEmpty() || header.get().value().isBlank()) {
            return Who.refused(401, "not signed in: the proxy passed no " + settings.userHeader() + " header");
        }
        String name = header.get().value().trim();
        Accounts.Account account = accounts.find(name);
        if (account == null) {
            return new Who(name, null, false, null, null, Answer.error(403, "user " + name
                    + " is not in this server's user database"));
        }
        boolean admin = false;
        for (String g : settings.adminGroups()) {
            admin |= account.groupNames().contains(g);
        }
        long primary = account.gids().iterator().next();
        Viewer viewer = admin ? null : new Viewer(name, List.of(account.uid()), new ArrayList<>(account.gids()));
        return new Who(name, viewer, admin, account.uid(), primary, null);
    }

    // ---- answers ----

    private Answer respond(HttpRequest request, Who who) throws Exception {
        if (request.method() != HttpMethods.GET && request.method() != HttpMethods.HEAD) {
            return Answer.error(405, "only GET is answered here");
        }
        String path = request.getUri().path();
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Pair<String, String> p : request.getUri().query().toList()) {
            params.computeIfAbsent(p.first(), k -> new ArrayList<>()).add(p.second());
        }
        try {
            if (path.startsWith("/api/")) {
                String key = cacheKey(path, params, request.getUri().rawQueryString().orElse(""), who);
                if (key != null) {
                    return cache.get(key, () -> answer(path, params, who));
                }
            }
            return answer(path, params, who);
        } catch (ApiAnswers.BadRequest e) {
            return Answer.error(400, e.getMessage());
        } catch (Served.NotServed e) {
            return Answer.error(404, e.getMessage());
        } catch (Hidden e) {
            return Answer.error(403, e.getMessage());
        }
    }

    /**
     * What an answer depends on: the request, who asks (what they may see, and their own ids for
     * mine), and the database files it reads as they are now (path, inode, size, modification
     * time), so an import that replaces a file makes a new key and an answer is never stale.
     * Null when the files cannot be named (the request is answered, uncached, with its error).
     */
    private String cacheKey(String path, Map<String, List<String>> params, String rawQuery, Who who) {
        try {
            List<Path> files = new ArrayList<>();
            switch (path) {
                case "/api/v1/scans" -> {
                    for (String fs : served.filesystems()) {
                        files.add(served.file(fs));
                        served.kept(fs).forEach(k -> files.add(k.file()));
                    }
                }
                case "/api/v1/tree" -> {
                    String fs = filesystem(params);
                    files.add(served.file(fs));
                    List<Catalog.Kept> kept = served.kept(fs);
                    if (!kept.isEmpty()) {
                        files.add(kept.get(kept.size() - 1).file());
                    }
                }
                case "/api/v1/query", "/api/v1/analyze" -> {
                    String fs = one(params, "fs");
                    if (fs == null || fs.equals("all")) {
                        for (String f : served.filesystems()) {
                            files.add(served.file(f));
                        }
                    } else {
                        files.add(served.file(fs));
                    }
                }
                case "/api/v1/compare" -> {
                    files.add(served.resolve(one(params, "old")));
                    files.add(served.resolve(one(params, "new")));
                }
                default -> {
                    return null;
                }
            }
            StringBuilder key = new StringBuilder(path).append('?').append(rawQuery).append('|')
                    .append(who.viewer == null ? "all" : who.viewer.key()).append('|').append(who.uid).append('|').append(who.gid)
                    .append('|').append(LocalDate.now()); // the scans' ages are in days
            for (Path f : files) {
                var a = java.nio.file.Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
                key.append('|').append(f.toAbsolutePath()).append(':').append(a.fileKey()).append(':').append(a.size())
                        .append(':').append(a.lastModifiedTime().toMillis());
            }
            return key.toString();
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    /** The answer to one request of an identified asker: the page, its files, or the API. */
    private Answer answer(String path, Map<String, List<String>> params, Who who) throws Exception {
        return switch (path) {
            case "/", "/index.html" -> resource("index.html", "text/html; charset=utf-8");
            case "/api/v1/scans" -> scans(who);
            case "/api/v1/tree" -> tree(params, who);
            case "/api/v1/query" -> command("query", params, who);
            case "/api/v1/analyze" -> command("analyze", params, who);
            case "/api/v1/compare" -> command("compare", params, who);
            default -> path.startsWith("/static/") && STATIC.containsKey(path.substring(8))
                    ? resource(path.substring(8), STATIC.get(path.substring(8)))
                    : Answer.error(404, "nothing at " + path);
        };
    }

    /** A path the viewer may not see. */
    static final class Hidden extends RuntimeException {
        Hidden(String path) {
            super("you have no files under " + path + " (or it is not in the scan)");
        }
    }

    private Answer resource(String name, String type) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                return Answer.error(404, "nothing at /static/" + name);
            }
            return new Answer(200, type, in.readAllBytes(), Map.of());
        }
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new ApiAnswers.BadRequest(name + " is given " + v.size() + " times; it takes one value");
        }
        return v.get(0);
    }

    /** {@code /api/v1/scans}: who is asking, and every file system they can see with its dates and totals. */
    private Answer scans(Who who) throws Exception {
        List<Object> list = new ArrayList<>();
        for (String fs : served.filesystems()) {
            try (Scans scans = served.open(List.of(fs), who.viewer)) {
                ScanStore store = scans.stores().get(0);
                Summary s = store.summary();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("fs", fs);
                m.put("scan_date", s.scanDate());
                m.put("age_days", s.scanDate() == null ? null
                        : LocalDate.now().toEpochDay() - LocalDate.parse(s.scanDate()).toEpochDay());
                List<String> roots = new ArrayList<>();
                long size = 0;
                long files = 0;
                for (fsscan.query.Root r : store.roots()) {
                    roots.add(r.path());
                    DirectoryRow row = store.directory(r.id());
                    size += row.totalSizeR();
                    files += row.fileCountR();
                }
                if (who.viewer != null && roots.isEmpty()) {
                    continue; // nothing of theirs on this file system
                }
                m.put("roots", roots);
                m.put("size", size);
                m.put("files", files);
                m.put("directories", who.viewer == null ? s.directories() : store.visible(who.viewer).visible().length);
                List<String> kept = new ArrayList<>();
                for (Catalog.Kept k : served.kept(fs)) {
                    kept.add(k.scanDate());
                }
                m.put("kept", kept);
                list.add(m);
            } catch (QueryException e) {
                settings.log().println(stamp() + " cannot read the scan of " + fs + ": " + e.getMessage());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", who.name);
        user.put("uid", who.uid);
        user.put("admin", who.admin);
        out.put("user", user);
        out.put("scans", list);
        return Answer.json(200, out);
    }

    /** The one file system a request is about: {@code fs}, or the only one served. */
    private String filesystem(Map<String, List<String>> params) throws IOException {
        String fs = one(params, "fs");
        if (fs == null) {
            List<String> all = served.filesystems();
            if (all.size() != 1) {
                throw new ApiAnswers.BadRequest("fs is needed: one of " + String.join(", ", all));
            }
            return all.get(0);
        }
        return fs;
    }

    /**
     * {@code /api/v1/tree?fs=FS&path=PATH}: the directory and its direct subdirectories with their
     * figures (what the treemap draws), and each one's figures in the previous kept scan when
     * there is one.
     */
    private Answer tree(Map<String, List<String>> params, Who who) throws Exception {
        for (String p : params.keySet()) {
            if (!p.equals("fs") && !p.equals("path")) {
                throw new ApiAnswers.BadRequest("tree takes fs and path, not " + p);
            }
        }
        String fs = filesystem(params);
        String path = one(params, "path");
        try (Scans scans = served.open(List.of(fs), who.viewer)) {
            ScanStore store = scans.stores().get(0);
            if (path == null) {
                List<fsscan.query.Root> roots = store.roots();
                if (roots.isEmpty()) {
                    throw new Hidden("/");
                }
                path = roots.get(0).path();
            }
            long[] range = store.range(path);
            if (range == null) {
                if (who.viewer != null) {
                    throw new Hidden(path);
                }
                return Answer.error(404, "no directory " + path + " in the scan of " + fs);
            }
            DirectoryRow dir = store.directory(range[0]);
            List<DirectoryRow> children = store.children(range[0]);
            children.sort(java.util.Comparator.comparingLong(DirectoryRow::totalSizeR).reversed()
                    .thenComparingLong(DirectoryRow::id));
            Before before = previous(fs, path, who);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("fs", fs);
            out.put("scan_date", store.scanDate());
            out.put("path", dir.path());
            String parent = parentOf(dir.path());
            out.put("parent", parent != null && store.range(parent) != null ? parent : null);
            out.put("directory", row(dir, scans, before == null ? null : before.get("")));
            List<Object> rows = new ArrayList<>();
            for (DirectoryRow c : children) {
                rows.add(row(c, scans, before == null ? null : before.get(name(c.path()))));
            }
            out.put("children", rows);
            out.put("previous_scan_date", before == null ? null : before.scanDate());
            return Answer.json(200, out);
        }
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? null : path.substring(0, slash);
    }

    /** The latest kept scan's date and, by name, the directory ("") and its children in it (empty: not there). */
    private record Before(String scanDate, Map<String, DirectoryRow> rows) {
        DirectoryRow get(String name) {
            return rows.get(name);
        }
    }

    /** What the latest kept scan of the file system held at this path; null when none is kept. */
    private Before previous(String fs, String path, Who who) throws Exception {
        List<Catalog.Kept> kept = served.kept(fs);
        if (kept.isEmpty()) {
            return null;
        }
        try (Scans scans = served.open(List.of(fs + "@previous"), who.viewer)) {
            ScanStore store = scans.stores().get(0);
            Map<String, DirectoryRow> rows = new HashMap<>();
            long[] range = store.range(path);
            if (range != null) {
                rows.put("", store.directory(range[0]));
                for (DirectoryRow c : store.children(range[0])) {
                    rows.put(name(c.path()), c);
                }
            }
            return new Before(store.scanDate(), rows);
        } catch (QueryException e) {
            return null;
        }
    }

    private static Map<String, Object> row(DirectoryRow r, Scans scans, DirectoryRow before) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name(r.path()).isEmpty() ? r.path() : name(r.path()));
        m.put("path", r.path());
        m.put("size", r.totalSizeR());
        m.put("files", r.fileCountR());
        m.put("directories", r.dirCountR());
        m.put("own_size", r.totalSizeNr());
        m.put("own_files", r.fileCountNr());
        m.put("newest_access", r.maxAtimeR());
        m.put("user", Answers.owner(r.ownerUid(), scans.names(), false));
        m.put("group", Answers.owner(r.ownerGid(), scans.names(), true));
        m.put("leaf", r.dirCountNr() == 0);
        if (before != null) {
            m.put("previous_size", before.totalSizeR());
            m.put("previous_files", before.fileCountR());
        }
        return m;
    }

    /**
     * {@code /api/v1/query}, {@code analyze}, {@code compare}: the command's own answer to the
     * parameters as options, over the scans as the viewer sees them; a path the viewer may not
     * see is refused before anything is answered.
     */
    private Answer command(String command, Map<String, List<String>> params, Who who) throws Exception {
        Map<String, List<String>> options = new LinkedHashMap<>(params);
        List<String> scanNames = new ArrayList<>();
        if (command.equals("compare")) {
            for (String side : List.of("old", "new")) {
                List<String> v = options.remove(side);
                if (v == null || v.size() != 1) {
                    throw new ApiAnswers.BadRequest("compare needs one old and one new scan (FS, FS@previous, FS@YYYY-MM-DD)");
                }
                served.resolve(v.get(0));
                scanNames.add(v.get(0));
            }
        } else {
            List<String> fs = options.remove("fs");
            if (fs != null && fs.size() == 1 && !fs.get(0).equals("all")) {
                served.file(fs.get(0));
                scanNames.add(fs.get(0));
            } else if (fs != null && fs.size() > 1) {
                throw new ApiAnswers.BadRequest("fs is given " + fs.size() + " times; it takes one file system, or all");
            }
        }
        if (command.equals("analyze")) {
            List<String> h = options.remove("histogram");
            if (h == null || h.size() != 1 || !List.of("access-history", "file-size").contains(h.get(0))) {
                throw new ApiAnswers.BadRequest("histogram=access-history or histogram=file-size is needed");
            }
            options.put(h.get(0), List.of("true"));
        }
        ownParameter(options, "mine", "owner", who.uid, who);
        if (!command.equals("analyze")) {
            ownParameter(options, "mygroup", "group", who.gid, who);
        }
        List<String> places = new ArrayList<>();
        for (String key : List.of("path-prefix", "P")) {
            places.addAll(options.getOrDefault(key, List.of()));
        }
        ApiAnswers.Answer answer = ApiAnswers.answer(command, options, scanNames, names -> {
            Scans scans = served.open(names, who.viewer);
            if (who.viewer != null) {
                try {
                    for (String p : places) {
                        boolean seen = false;
                        for (ScanStore s : scans.stores()) {
                            seen |= !s.ranges(p).isEmpty();
                        }
                        if (!seen) {
                            throw new Hidden(p);
                        }
                    }
                } catch (RuntimeException e) {
                    scans.close();
                    throw e;
                }
            }
            return scans;
        });
        String body = Renderer.render(answer.report().hideLocations(), answer.format());
        return switch (answer.format()) {
            case JSON -> new Answer(200, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
            case CSV, TSV -> new Answer(200, answer.format() == Format.CSV ? "text/csv; charset=utf-8"
                    : "text/tab-separated-values; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Disposition", "attachment; filename=\"fsscan-" + command + "-"
                            + LocalDate.now().format(DateTimeFormatter.ISO_LOCAL_DATE) + "."
                            + answer.format().name().toLowerCase(java.util.Locale.ROOT) + "\""));
            default -> new Answer(200, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
        };
    }

    /** {@code mine=true} is the signed-in user's uid ({@code mygroup}: primary gid), not the server's. */
    private static void ownParameter(Map<String, List<String>> options, String flag, String option, Long id, Who who) {
        List<String> v = options.remove(flag);
        if (v == null || v.stream().allMatch("false"::equals)) {
            return;
        }
        if (!v.stream().allMatch(x -> x.equals("true") || x.isEmpty())) {
            throw new ApiAnswers.BadRequest(flag + " is a flag: true or false");
        }
        if (id == null) {
            throw new ApiAnswers.BadRequest(flag + " needs a signed-in user (serve --auth trusted-header)");
        }
        options.computeIfAbsent(option, k -> new ArrayList<>()).add(Long.toString(id));
    }
}
