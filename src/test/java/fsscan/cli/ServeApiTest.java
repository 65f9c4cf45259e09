package fsscan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fsscan.query.Catalog;
import fsscan.testutil.TestScans;
import fsscan.web.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON API against the command line: every option of query, analyze and compare, asked both
 * ways over the same databases, gives the same JSON (less the server's file paths); what the
 * server decides itself is refused; errors are the command line's words with the right status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeApiTest {

    @TempDir
    static Path dir;
    Path data;
    Path passwd;
    Path group;
    WebServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        // Two scans of one file system (the first kept by --keep-previous) and a second file system.
        TestScans.keptWeeks(dir, data, 11, 6000, 12, 7000);
        TestScans.imported(dir, "20260111_srv_other.list", TestScans.generate(13, 3000, 0, "/gpfs/other"), "data/other.db");
        passwd = Files.writeString(dir.resolve("passwd"), "alice:x:10000:1000::/home/alice:/bin/sh\n"
                + "bob:x:10001:1001::/home/bob:/bin/sh\n");
        group = Files.writeString(dir.resolve("group"), "users:x:1000:\nproj:x:1001:alice,bob\n");
        server = WebServer.start(new WebServer.Settings(Catalog.of(data, null, Map.of()), null, null, "127.0.0.1", 0,
                WebServer.Auth.NONE, "X-Remote-User", List.of(), passwd, group, new PrintWriter(new StringWriter())));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    record Got(int status, String body, Map<String, List<String>> headers) {
    }

    Got get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery.substring(1)))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Got(r.statusCode(), r.body(), r.headers().map());
    }

    static String query(String... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            q.append(i == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    /** The command line's JSON without the scans' file paths (which the API leaves out). */
    String cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json", "--passwd", passwd.toString(), "--group-file", group.toString()));
        if (!all.get(0).equals("compare")) {
            all.addAll(List.of("--data-dir", data.toString()));
        } else {
            all.addAll(List.of("--data-dir", data.toString()));
        }
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        // The API names scan files by their names only (a summary's source), never where they are.
        return r.out().replaceAll(",\"file\":\"[^\"]*\"", "").replaceAll("(\"source\":\")[^\"]*/([^\"/]*\")", "$1$2");
    }

    /** query options asked both ways: {CLI arguments..., API parameters (name, value)...} */
    static final List<List<List<String>>> QUERIES = List.of(
            List.of(List.of("gen"), List.of()),
            List.of(List.of("gen", "-P", "/gpfs/gen/user000", "-n", "5"), List.of("path-prefix", "/gpfs/gen/user000", "limit", "5")),
            List.of(List.of("gen", "-P", "/gpfs/gen", "-E", "/gpfs/gen/user000"), List.of("P", "/gpfs/gen", "exclude", "/gpfs/gen/user000")),
            List.of(List.of("gen", "-d", "3", "--max-depth", "4"), List.of("min-depth", "3", "max-depth", "4")),
            List.of(List.of("gen", "-u", "alice", "-u", "10001"), List.of("owner", "alice", "owner", "10001")),
            List.of(List.of("gen", "-g", "proj"), List.of("group", "proj")),
            List.of(List.of("gen", "-s", "--sort-by", "files"), List.of("single-owner", "true", "sort-by", "files")),
            List.of(List.of("gen", "--accessed-before", "1yrs"), List.of("accessed-before", "1yrs")),
            List.of(List.of("gen", "--accessed-after", "2025-06-01", "--atime-non-recursive"),
                    List.of("accessed-after", "2025-06-01", "atime-non-recursive", "true")),
            List.of(List.of("gen", "--min-size", "10M", "--max-size", "2G"), List.of("min-size", "10M", "max-size", "2G")),
            List.of(List.of("gen", "--min-files", "5", "--max-files", "1k"), List.of("min-files", "5", "max-files", "1k")),
            List.of(List.of("gen", "--min-avg-size", "4K", "--max-avg-size", "10M"), List.of("min-avg-size", "4K", "max-avg-size", "10M")),
            List.of(List.of("gen", "-N", "RUN_*", "-i"), List.of("name", "RUN_*", "i", "true")),
            List.of(List.of("gen", "--leaves-only", "--reverse", "-n", "0"), List.of("leaves-only", "true", "reverse", "true", "limit", "0")),
            List.of(List.of("gen", "-v", "--sort-by", "atime"), List.of("v", "true", "sort-by", "atime")),
            List.of(List.of("all", "--summary"), List.of("summary", "true")),
            List.of(List.of("all", "--group-by", "owner"), List.of("group-by", "owner")),
            List.of(List.of("gen", "--group-by", "group", "-P", "/gpfs/gen/user001"), List.of("group-by", "group", "path-prefix", "/gpfs/gen/user001")),
            List.of(List.of("gen", "--reverse", "-v", "-N", "d*"), List.of("reverse", "true", "v", "true", "name", "d*", "mine", "false")));

    @Test
    void everyQueryOptionAnswersAsTheCommandLine() throws Exception {
        for (List<List<String>> c : QUERIES) {
            String fs = c.get(0).get(0);
            List<String> params = new ArrayList<>(c.get(1));
            if (!fs.equals("all")) {
                params.addAll(0, List.of("fs", fs));
            }
            Got api = get("/api/v1/query?" + query(params.toArray(String[]::new)));
            List<String> args = new ArrayList<>(List.of("query"));
            args.addAll(c.get(0));
            assertEquals(200, api.status(), c + ": " + api.body());
            assertEquals(cli(args.toArray(String[]::new)), api.body(), c.toString());
            assertFalse(api.body().contains(data.toString()), "the server's paths stay on the server");
            assertFalse(api.body().contains(dir.toString()), "the scan files' directory too");
        }
    }

    /** Every long option of query is asked in {@link #QUERIES}, or is one the server decides. */
    @Test
    void theCasesCoverEveryQueryOption() {
        Set<String> asked = new HashSet<>();
        for (List<List<String>> c : QUERIES) {
            List<String> p = c.get(1);
            for (int i = 0; i < p.size(); i += 2) {
                asked.add(p.get(i));
            }
        }
        Set<String> serverOnly = Set.of("db", "data-dir", "postgres", "passwd", "group-file", "output", "format", "help",
                "version", "mygroup");
        CommandLine.Model.CommandSpec spec = new CommandLine(new QueryCommand()).getCommandSpec();
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            String name = o.longestName().replaceFirst("^-+", "");
            String shortName = o.shortestName().replaceFirst("^-+", "");
            assertTrue(asked.contains(name) || asked.contains(shortName) || serverOnly.contains(name),
                    "query option " + o.longestName() + " is not asked of the API in a test");
        }
    }

    @Test
    void analyzeAndCompareAnswerAsTheCommandLine() throws Exception {
        Got a = get("/api/v1/analyze?" + query("fs", "gen", "histogram", "access-history", "path-prefix", "/gpfs/gen/user000",
                "owner", "alice", "top-n", "2"));
        assertEquals(200, a.status(), a.body());
        assertEquals(cli("analyze", "gen", "--access-history", "-P", "/gpfs/gen/user000", "-u", "alice", "--top-n", "2"), a.body());
        Got s = get("/api/v1/analyze?" + query("histogram", "file-size", "min-depth", "3"));
        assertEquals(cli("analyze", "--file-size", "-d", "3"), s.body());
        Got e = get("/api/v1/analyze?" + query("fs", "gen", "histogram", "file-size", "P", "/gpfs/gen", "exclude", "/gpfs/gen/user000",
                "max-depth", "4", "owner", "10001", "owner", "bob"));
        assertEquals(200, e.status(), e.body());
        assertEquals(cli("analyze", "gen", "--file-size", "-P", "/gpfs/gen", "-E", "/gpfs/gen/user000", "--max-depth", "4",
                "-u", "10001", "-u", "bob"), e.body());

        Got c = get("/api/v1/compare?" + query("old", "gen@previous", "new", "gen", "limit", "7", "sort-by", "change"));
        assertEquals(200, c.status(), c.body());
        assertEquals(cli("compare", "gen@previous", "gen", "-n", "7", "--sort-by", "change"), c.body());
        Got o = get("/api/v1/compare?" + query("old", "gen@2026-01-04", "new", "gen", "group-by", "owner", "path-prefix", "/gpfs/gen"));
        assertEquals(cli("compare", "gen@2026-01-04", "gen", "--group-by", "owner", "-P", "/gpfs/gen"), o.body());
        Got d = get("/api/v1/compare?" + query("old", "gen@previous", "new", "gen", "min-depth", "3", "max-depth", "4", "sort-by",
                "shrink", "format", "csv"));
        assertEquals(200, d.status(), d.body());
        Cli.Result csv = Cli.run("compare", "gen@previous", "gen", "-d", "3", "--max-depth", "4", "--sort-by", "shrink",
                "--format", "csv", "--data-dir", data.toString(), "--passwd", passwd.toString(), "--group-file", group.toString());
        assertEquals(csv.out(), d.body());
        Got gg = get("/api/v1/compare?" + query("old", "gen@previous", "new", "gen", "group-by", "group", "sort-by", "files"));
        assertEquals(cli("compare", "gen@previous", "gen", "--group-by", "group", "--sort-by", "files"), gg.body());
    }

    @Test
    void csvDownloadIsTheCommandLinesCsv() throws Exception {
        Got g = get("/api/v1/query?" + query("fs", "gen", "group-by", "owner", "format", "csv"));
        assertEquals(200, g.status());
        assertTrue(g.headers().get("content-disposition").get(0).startsWith("attachment"), g.headers().toString());
        Cli.Result r = Cli.run("query", "gen", "--group-by", "owner", "--format", "csv", "--data-dir", data.toString(),
                "--passwd", passwd.toString(), "--group-file", group.toString());
        assertEquals(r.out(), g.body());
    }

    @Test
    void treeIsTheDirectoryAndItsChildrenWithTheirFigures() throws Exception {
        String biggest = new ObjectMapper().readTree(cli("query", "gen", "-d", "3", "--max-depth", "3", "-n", "1"))
                .get("directories").get(0).get("path").asText();
        JsonNode t = new ObjectMapper().readTree(get("/api/v1/tree?" + query("fs", "gen", "path", biggest)).body());
        assertEquals(biggest, t.get("path").asText());
        assertEquals("/gpfs/gen", t.get("parent").asText());
        // The children are exactly the command line's directories one level down, with the same figures.
        JsonNode cli = new ObjectMapper().readTree(cli("query", "gen", "-P", biggest, "-d", "4", "--max-depth", "4",
                "-n", "0"));
        Map<String, Long> expected = new LinkedHashMap<>();
        for (JsonNode d : cli.get("directories")) {
            expected.put(d.get("path").asText(), d.get("size").asLong());
        }
        Map<String, Long> got = new LinkedHashMap<>();
        for (JsonNode c : t.get("children")) {
            got.put(c.get("path").asText(), c.get("size").asLong());
        }
        assertEquals(expected, got);
        assertFalse(got.isEmpty());
        // A kept scan gives each child's figures then.
        assertEquals("2026-01-04", t.get("previous_scan_date").asText());
        // No path: the scan's root.
        assertEquals("/gpfs/gen", new ObjectMapper().readTree(get("/api/v1/tree?fs=gen").body()).get("path").asText());
    }

    @Test
    void errorsAreJsonWithTheCommandLinesWords() throws Exception {
        Got bad = get("/api/v1/query?" + query("fs", "gen", "min-size", "lots"));
        assertEquals(400, bad.status());
        Cli.Result r = Cli.run("query", "gen", "--min-size", "lots", "--data-dir", data.toString());
        String cliWords = r.err().lines().findFirst().orElseThrow().replaceFirst("^fsscan query: ", "");
        assertEquals(cliWords, new ObjectMapper().readTree(bad.body()).get("error").asText());

        Got unknown = get("/api/v1/query?" + query("fs", "gen", "frobnicate", "1"));
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("frobnicate"), unknown.body());

        for (String serverOnly : List.of("db", "data-dir", "output", "passwd", "postgres")) {
            Got g = get("/api/v1/query?" + query("fs", "gen", serverOnly, "/etc/passwd"));
            assertEquals(400, g.status(), serverOnly);
            assertTrue(g.body().contains("not a parameter of the API"), g.body());
        }
        // A value that looks like an option stays the value of its own option.
        Got dashed = get("/api/v1/query?" + query("fs", "gen", "name", "--db=/etc/passwd"));
        assertEquals(200, dashed.status(), dashed.body());

        assertEquals(404, get("/api/v1/query?fs=nosuch").status());
        assertEquals(404, get("/api/v1/query?fs=..%2Fdata%2Fgen").status());
        assertEquals(404, get("/api/v1/compare?old=%2Fetc%2Fpasswd&new=gen").status());
        assertEquals(404, get("/api/v1/compare?old=gen%401999-01-01&new=gen").status());
        assertEquals(404, get("/api/v1/tree?fs=gen&path=/gpfs/gen/nosuch").status());
        assertEquals(404, get("/api/v1/nothing").status());
        assertEquals(400, get("/api/v1/analyze?fs=gen").status());
        assertEquals(400, get("/api/v1/query?fs=gen&mine=true").status(), "no signed-in user: whose files?");
    }

    @Test
    void anImportReplacingTheDatabaseIsServedAtOnce() throws Exception {
        Path other = data.resolve("other.db");
        JsonNode before = new ObjectMapper().readTree(get("/api/v1/query?fs=other&summary=true").body());
        TestScans.imported(dir, "20260118_srv_other.list", TestScans.generate(14, 4000, 0, "/gpfs/other"), "data/other.db");
        JsonNode after = new ObjectMapper().readTree(get("/api/v1/query?fs=other&summary=true").body());
        assertEquals("2026-01-11", before.get("scans").get(0).get("scan_date").asText());
        assertEquals("2026-01-18", after.get("scans").get(0).get("scan_date").asText());
        assertTrue(Files.isRegularFile(other));
        // And a new file system appears without a restart.
        TestScans.imported(dir, "20260111_srv_third.list", TestScans.generate(15, 500, 0, "/gpfs/third"), "data/third.db");
        assertTrue(get("/api/v1/scans").body().contains("\"fs\":\"third\""));
    }

    @Test
    void thePageAndItsFilesAreServedWithAStrictPolicy() throws Exception {
        Got page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/static/app.js"));
        assertTrue(page.headers().get("content-security-policy").get(0).contains("default-src 'self'"));
        assertEquals(200, get("/static/app.js").status());
        assertEquals(404, get("/static/../WebServer.class").status());
        assertEquals(404, get("/static/Served.class").status());
    }
}
