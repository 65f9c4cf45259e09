package fsscan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fsscan.db.ScanReader;
import fsscan.query.Catalog;
import fsscan.query.OwnerRow;
import fsscan.query.Query;
import fsscan.web.WebServer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The web server under load: clients drilling down a scan as the page does (at each directory:
 * tree, its owner table, its access histogram, its biggest directories below), closed loop, on
 * loopback. First one client alone (the reference: each request's own cost), then N clients for
 * S seconds, as an administrator and as a user who sees part of the tree.
 *
 * <pre>bench/run serve [--db FILE] [--clients 50] [--seconds 30]</pre>
 */
public final class ServeBenchmark {

    static final String[] KINDS = {"tree", "owners", "histogram", "listing"};

    public static void main(String[] args) throws Exception {
        Path db = Path.of("/tmp/big/bench.db");
        int clients = 50;
        int seconds = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = Path.of(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("fsscan-serve-bench");
        // Users for the signed-in phase: every uid of the scan, each in its own group.
        long userUid;
        StringBuilder passwd = new StringBuilder();
        StringBuilder group = new StringBuilder("admins:x:99999:admin\n");
        passwd.append("admin:x:99999:99999::/:/bin/sh\n");
        try (ScanReader r = ScanReader.open(db)) {
            List<OwnerRow> owners = new ArrayList<>(r.ownerTotals(Query.ALL, false));
            owners.sort(Comparator.comparingLong(OwnerRow::files));
            userUid = owners.get(owners.size() / 2).id(); // a user of middling size
            for (OwnerRow o : owners) {
                passwd.append("u").append(o.id()).append(":x:").append(o.id()).append(":").append(o.id()).append("::/:/bin/sh\n");
                group.append("g").append(o.id()).append(":x:").append(o.id()).append(":\n");
            }
        }
        Path passwdFile = Files.writeString(work.resolve("passwd"), passwd);
        Path groupFile = Files.writeString(work.resolve("group"), group);
        StringBuilder report = new StringBuilder();
        report.append("# fsscan serve under load\n\n`bench/run serve --db ").append(db).append(" --clients ").append(clients)
                .append(" --seconds ").append(seconds).append("` on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(java.time.LocalDate.now()).append(". Latency in ms, measured by the clients.\n\n");
        try (ScanReader r = ScanReader.open(db)) {
            report.append("Scan: ").append(r.summary().directories()).append(" directories, ").append(r.summary().files())
                    .append(" files.\n\n");
        }
        for (String who : List.of("admin", "u" + userUid)) {
            report.append("## as ").append(who.equals("admin") ? "an administrator (sees everything)"
                    : "user " + who + " (sees the directories holding their files)").append("\n\n");
            report.append("| request | answer cache | 1 client p50 | p95 | p99 | ").append(clients)
                    .append(" clients p50 | p95 | p99 | requests | errors |\n");
            report.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            StringBuilder rates = new StringBuilder();
            for (long cacheBytes : new long[] {0, 64L << 20}) {
                try (WebServer server = WebServer.start(new WebServer.Settings(Catalog.of(work, db, Map.of()), null, db,
                        "127.0.0.1", 0, WebServer.Auth.TRUSTED_HEADER, "X-Remote-User", List.of("admins"), passwdFile, groupFile,
                        new PrintWriter(new StringWriter()), cacheBytes))) {
                    String fs = db.getFileName().toString().replaceFirst("\\.db$", "");
                    run(server, fs, who, 2, 5, 1); // the JIT's warm-up, not counted
                    Load alone = run(server, fs, who, 1, 10, 2);
                    Load many = run(server, fs, who, clients, seconds, 3);
                    String mode = cacheBytes == 0 ? "off" : "64 MiB";
                    for (String k : KINDS) {
                        double[] a = alone.percentiles(k);
                        double[] m = many.percentiles(k);
                        report.append(String.format(java.util.Locale.ROOT,
                                "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d |%n",
                                k, mode, a[0], a[1], a[2], m[0], m[1], m[2], many.count(k), many.errors.get()));
                    }
                    long[] hm = server.cacheCounts();
                    rates.append(String.format(java.util.Locale.ROOT, "Answer cache %s: %.0f requests/s with %d clients,"
                            + " %.0f/s with 1%s.%n", mode, many.total() / (double) seconds, clients, alone.total() / 10.0,
                            cacheBytes == 0 ? "" : String.format(java.util.Locale.ROOT, "; %.0f %% of the %d answers came from"
                                    + " the cache", 100.0 * hm[0] / Math.max(1, hm[0] + hm[1]), hm[0] + hm[1])));
                }
            }
            report.append("\n").append(rates).append("\n");
        }
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/serve.md"), report);
        System.out.print(report);
    }

    /** Latencies per kind of request over one run. */
    static final class Load {
        final Map<String, List<Long>> nanos = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();

        void add(String kind, long ns) {
            nanos.computeIfAbsent(kind, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(ns);
        }

        int count(String kind) {
            return nanos.getOrDefault(kind, List.of()).size();
        }

        long total() {
            long n = 0;
            for (List<Long> l : nanos.values()) {
                n += l.size();
            }
            return n;
        }

        double[] percentiles(String kind) {
            long[] v = nanos.getOrDefault(kind, List.of()).stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(v);
            if (v.length == 0) {
                return new double[3];
            }
            return new double[] {v[(int) (v.length * 0.50)] / 1e6, v[Math.min(v.length - 1, (int) (v.length * 0.95))] / 1e6,
                    v[Math.min(v.length - 1, (int) (v.length * 0.99))] / 1e6};
        }
    }

    static Load run(WebServer server, String fs, String user, int clients, int seconds, long seed) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = new ObjectMapper();
        Load load = new Load();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(seed * 1000 + c);
            running.add(pool.submit(() -> {
                String path = null;
                while (System.nanoTime() < end) {
                    String scope = path == null ? "" : "&path-prefix=" + enc(path);
                    JsonNode tree = get(http, json, server, user, load, "tree", "/api/v1/tree?fs=" + fs
                            + (path == null ? "" : "&path=" + enc(path)));
                    if (tree == null) {
                        path = null;
                        continue;
                    }
                    String here = tree.get("path").asText();
                    scope = "&path-prefix=" + enc(here);
                    get(http, json, server, user, load, "owners", "/api/v1/query?fs=" + fs + "&group-by=owner&limit=20" + scope);
                    get(http, json, server, user, load, "histogram", "/api/v1/analyze?fs=" + fs
                            + "&histogram=access-history&top-n=3" + scope);
                    int depth = here.split("/").length - 1;
                    get(http, json, server, user, load, "listing", "/api/v1/query?fs=" + fs + "&limit=50&min-depth=" + (depth + 1)
                            + scope);
                    JsonNode children = tree.get("children");
                    if (children.isEmpty() || random.nextInt(10) == 0) {
                        path = null; // back to the top, as a new visitor
                    } else {
                        // Bigger directories are clicked more: pick among the five biggest.
                        path = children.get(random.nextInt(Math.min(5, children.size()))).get("path").asText();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(seconds + 120L, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return load;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode get(HttpClient http, ObjectMapper json, WebServer server, String user, Load load, String kind, String path) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                    .header("X-Remote-User", user).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            load.add(kind, System.nanoTime() - t0);
            if (r.statusCode() != 200) {
                load.errors.incrementAndGet();
                System.err.println(kind + " " + path + ": " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                return null;
            }
            return json.readTree(r.body());
        } catch (Exception e) {
            load.errors.incrementAndGet();
            System.err.println(kind + " " + path + ": " + e);
            return null;
        }
    }
}
