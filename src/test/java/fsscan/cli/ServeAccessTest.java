package fsscan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fsscan.query.Catalog;
import fsscan.query.QueryException;
import fsscan.testutil.TestScans;
import fsscan.web.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who sees what behind {@code --auth trusted-header}: users who share a project directory, a user
 * without files, a group member, an administrator, no header, an unknown user, and a header
 * forged from another address. A hand-made scan where every directory's owners are known.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeAccessTest {

    @TempDir
    static Path dir;
    WebServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final ObjectMapper json = new ObjectMapper();

    /** path, uid, gid, allocated KiB */
    static final List<Object[]> FILES = List.of(
            new Object[] {"/fs/proj/shared/a1", 1001, 2001, 100},
            new Object[] {"/fs/proj/shared/b1", 1002, 1002, 200},
            new Object[] {"/fs/proj/alice_only/x", 1001, 1001, 300},
            new Object[] {"/fs/home/alice/f", 1001, 1001, 400},
            new Object[] {"/fs/home/bob/f", 1002, 1002, 500},
            new Object[] {"/fs/home/bob/deep/g", 1002, 1002, 50},
            new Object[] {"/fs/chem/data/z", 1006, 2002, 600},
            new Object[] {"/fs/secret/s", 0, 0, 700});

    static final Set<String> ALICE = Set.of("/fs", "/fs/proj", "/fs/proj/shared", "/fs/proj/alice_only", "/fs/home",
            "/fs/home/alice");
    static final Set<String> BOB = Set.of("/fs", "/fs/proj", "/fs/proj/shared", "/fs/home", "/fs/home/bob",
            "/fs/home/bob/deep");
    static final Set<String> EVE = Set.of("/fs", "/fs/chem", "/fs/chem/data");

    @BeforeAll
    void start() throws Exception {
        StringBuilder scan = new StringBuilder();
        int inode = 100;
        // The directories are listed too (a real scan lists them), owned by root: only files count for access.
        for (String d : List.of("/fs", "/fs/proj", "/fs/proj/shared", "/fs/proj/alice_only", "/fs/home", "/fs/home/alice",
                "/fs/home/bob", "/fs/home/bob/deep", "/fs/chem", "/fs/chem/data", "/fs/secret")) {
            scan.append(String.format("<0> %d 1 0  s=4096 a=4 u=0 g=0 m=FAu p=drwxr-xr-x ac=2025-12-01 10:00:00"
                    + " mt=2025-11-01 10:00:00 cr=2025-10-01 10:00:00 nl=2 -- %s%n", inode++, d));
        }
        for (Object[] f : FILES) {
            scan.append(String.format("<1> %d 1 0  s=%d a=%d u=%d g=%d m=FAu p=-rw-r--r-- ac=2025-12-01 10:00:00"
                            + " mt=2025-11-01 10:00:00 cr=2025-10-01 10:00:00 nl=1 -- %s%n", inode++, (int) f[3] * 1024,
                    (int) f[3], (int) f[1], (int) f[2], f[0]));
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        TestScans.imported(dir, "20260111_srv_fs.list", scan.toString().getBytes(StandardCharsets.UTF_8), "data/fs.db");
        Path passwd = Files.writeString(dir.resolve("passwd"), String.join("\n",
                "root:x:0:0::/root:/bin/sh", "alice:x:1001:1001::/home/alice:/bin/sh", "bob:x:1002:1002::/home/bob:/bin/sh",
                "carol:x:1003:1003::/home/carol:/bin/sh", "dave:x:1004:1004::/home/dave:/bin/sh",
                "eve:x:1005:1005::/home/eve:/bin/sh", "frank:x:1006:2002::/home/frank:/bin/sh") + "\n");
        Path group = Files.writeString(dir.resolve("group"), String.join("\n",
                "root:x:0:", "alice:x:1001:", "bob:x:1002:", "carol:x:1003:", "dave:x:1004:", "eve:x:1005:",
                "proj:x:2001:alice,bob", "chem:x:2002:eve", "hpcadmin:x:3000:dave") + "\n");
        server = WebServer.start(new WebServer.Settings(Catalog.of(data, null, Map.of()), null, null, "0.0.0.0", 0,
                WebServer.Auth.TRUSTED_HEADER, "X-Remote-User", List.of("hpcadmin"), passwd, group,
                new PrintWriter(new StringWriter())));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    record Got(int status, String body) {
    }

    Got get(String user, String pathAndQuery) throws Exception {
        return get(InetAddress.getLoopbackAddress().getHostAddress(), user, pathAndQuery);
    }

    Got get(String host, String user, String pathAndQuery) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.address().getPort()
                + pathAndQuery)).timeout(Duration.ofSeconds(60));
        if (user != null) {
            b.header("X-Remote-User", user);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Got(r.statusCode(), r.body());
    }

    static String q(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /** Every directory a user's listing names (all of them, any order). */
    Set<String> listed(String user) throws Exception {
        Got g = get(user, "/api/v1/query?fs=fs&limit=0&sort-by=path");
        assertEquals(200, g.status(), g.body());
        Set<String> paths = new TreeSet<>();
        for (JsonNode d : json.readTree(g.body()).get("directories")) {
            paths.add(d.get("path").asText());
        }
        return paths;
    }

    @Test
    void eachUserListsExactlyTheDirectoriesWhereTheyOrTheirGroupsOwnFiles() throws Exception {
        assertEquals(new TreeSet<>(ALICE), listed("alice"));
        assertEquals(new TreeSet<>(BOB), listed("bob"));
        assertEquals(new TreeSet<>(EVE), listed("eve"), "eve sees chem through her group's files");
        assertEquals(Set.of(), listed("carol"), "a user without files sees nothing");
        Set<String> all = listed("dave");
        assertTrue(all.contains("/fs/secret") && all.contains("/fs/chem/data") && all.size() == 11, all.toString());
    }

    @Test
    void visibleDirectoriesKeepTheirFullFigures() throws Exception {
        // /fs/proj/shared holds bob's file too; alice sees its whole size, and /fs its whole size.
        JsonNode t = json.readTree(get("alice", "/api/v1/tree?fs=fs&path=/fs").body());
        assertEquals((100 + 200 + 300 + 400 + 500 + 50 + 600 + 700) * 1024L, t.get("directory").get("size").asLong());
        List<String> children = new ArrayList<>();
        for (JsonNode c : t.get("children")) {
            children.add(c.get("name").asText());
        }
        Collections.sort(children);
        assertEquals(List.of("home", "proj"), children, "chem and secret are not named to alice");
        JsonNode shared = json.readTree(get("alice", "/api/v1/tree?fs=fs&path=/fs/proj").body());
        for (JsonNode c : shared.get("children")) {
            if (c.get("name").asText().equals("shared")) {
                assertEquals(300 * 1024L, c.get("size").asLong());
            }
        }
        assertEquals(2, shared.get("children").size());
        assertEquals(1, json.readTree(get("bob", "/api/v1/tree?fs=fs&path=/fs/proj").body()).get("children").size(),
                "bob does not see alice_only");
    }

    @Test
    void aPathOutsideTheSetIs403AndNamesNothing() throws Exception {
        for (String path : List.of("/fs/secret", "/fs/chem", "/fs/home/bob", "/fs/home/bob/deep", "/fs/nosuch", "/elsewhere")) {
            Got tree = get("alice", "/api/v1/tree?fs=fs&path=" + q(path));
            assertEquals(403, tree.status(), path + ": " + tree.body());
            Got query = get("alice", "/api/v1/query?fs=fs&path-prefix=" + q(path));
            assertEquals(403, query.status(), path);
            assertEquals(403, get("alice", "/api/v1/analyze?fs=fs&histogram=file-size&P=" + q(path)).status(), path);
            assertEquals(403, get("alice", "/api/v1/query?fs=fs&group-by=owner&P=" + q(path)).status(), path);
        }
        assertEquals(200, get("dave", "/api/v1/tree?fs=fs&path=/fs/secret").status());
        assertEquals(403, get("carol", "/api/v1/tree?fs=fs").status(), "carol has no root to start from");
    }

    @Test
    void ownerTablesAndHistogramsCountOnlyTheVisibleDirectoriesFiles() throws Exception {
        JsonNode owners = json.readTree(get("alice", "/api/v1/query?fs=fs&group-by=owner").body()).get("owners");
        Set<String> names = new TreeSet<>();
        long files = 0;
        for (JsonNode o : owners) {
            names.add(o.get("user").asText());
            files += o.get("files").asLong();
        }
        assertEquals(Set.of("alice", "bob"), names, "bob's file in shared is visible to alice; frank's and root's are not");
        assertEquals(4, files);
        JsonNode h = json.readTree(get("alice", "/api/v1/analyze?fs=fs&histogram=file-size").body());
        assertEquals(4, h.get("total").get("files").asLong());
        assertEquals((100 + 200 + 300 + 400) * 1024L, h.get("total").get("bytes").asLong());
        JsonNode admin = json.readTree(get("dave", "/api/v1/analyze?fs=fs&histogram=file-size").body());
        assertEquals(FILES.size(), admin.get("total").get("files").asLong());
    }

    @Test
    void noAnswerNamesAHiddenDirectory() throws Exception {
        List<String> asks = List.of("/api/v1/query?fs=fs&limit=0&name=*", "/api/v1/query?fs=fs&limit=0&leaves-only=true",
                "/api/v1/query?fs=fs&limit=0&sort-by=files&reverse=true", "/api/v1/query?fs=fs&summary=true",
                "/api/v1/query?fs=fs&limit=0&min-depth=3&format=csv", "/api/v1/scans", "/api/v1/tree?fs=fs&path=/fs/home",
                "/api/v1/query?fs=fs&limit=0&owner=bob", "/api/v1/query?fs=fs&limit=0&group=chem",
                "/api/v1/compare?old=fs&new=fs&sort-by=change&limit=0");
        for (String ask : asks) {
            Got g = get("alice", ask);
            assertEquals(200, g.status(), ask + ": " + g.body());
            for (String hidden : List.of("secret", "chem", "/fs/home/bob", "bob/deep")) {
                assertFalse(g.body().contains(hidden), ask + " names " + hidden + ": " + g.body());
            }
        }
    }

    @Test
    void mineIsTheSignedInUser() throws Exception {
        assertEquals(get("alice", "/api/v1/query?fs=fs&owner=alice&limit=0").body(),
                get("alice", "/api/v1/query?fs=fs&mine=true&limit=0").body());
        assertEquals(get("bob", "/api/v1/query?fs=fs&group=1002&limit=0").body(),
                get("bob", "/api/v1/query?fs=fs&mygroup=true&limit=0").body());
    }

    @Test
    void signingInIsTheProxysHeaderFromLoopbackOnly() throws Exception {
        Got none = get(null, "/api/v1/scans");
        assertEquals(401, none.status());
        assertTrue(none.body().contains("\"error\""));
        assertEquals(401, get(null, "/").status(), "the page too");
        assertEquals(403, get("mallory", "/api/v1/scans").status(), "a user the user database does not know");
        JsonNode me = json.readTree(get("dave", "/api/v1/scans").body()).get("user");
        assertTrue(me.get("admin").asBoolean());
        assertFalse(json.readTree(get("alice", "/api/v1/scans").body()).get("user").get("admin").asBoolean());
        assertEquals(0, json.readTree(get("carol", "/api/v1/scans").body()).get("scans").size(),
                "carol is told of no scan she has nothing in");

        // The same header from another address is a forgery: this server trusts it from loopback only.
        InetAddress other = nonLoopback();
        Got forged = get(other.getHostAddress(), "dave", "/api/v1/tree?fs=fs&path=/fs/secret");
        assertEquals(403, forged.status(), forged.body());
        assertFalse(forged.body().contains("secret\""));
    }

    @Test
    void noSignInMeansLoopbackOnly() {
        QueryException e = assertThrows(QueryException.class, () -> WebServer.start(new WebServer.Settings(
                Catalog.of(dir.resolve("data"), null, Map.of()), null, null, "0.0.0.0", 0, WebServer.Auth.NONE, "X-Remote-User",
                List.of(), null, null, new PrintWriter(new StringWriter()))));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @Test
    void withAProxySecretTheHeaderAloneIsNotBelieved() throws Exception {
        String secret = "s3cret-shared-with-the-proxy-only";
        try (WebServer guarded = WebServer.start(new WebServer.Settings(Catalog.of(dir.resolve("data"), null, Map.of()), null,
                null, "127.0.0.1", 0, WebServer.Auth.TRUSTED_HEADER, "X-Remote-User", List.of("hpcadmin"),
                dir.resolve("passwd"), dir.resolve("group"), new PrintWriter(new StringWriter()), 0, secret))) {
            String url = "http://127.0.0.1:" + guarded.address().getPort() + "/api/v1/tree?fs=fs&path=/fs/secret";
            for (String[] headers : List.of(new String[] {"X-Remote-User", "dave"},
                    new String[] {"X-Remote-User", "dave", WebServer.PROXY_SECRET, "guess"})) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).headers(headers).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode(), r.body());
            }
            HttpResponse<String> proxy = http.send(HttpRequest.newBuilder(URI.create(url))
                    .headers("X-Remote-User", "dave", WebServer.PROXY_SECRET, secret).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, proxy.statusCode(), proxy.body());
        }
    }

    /** An address of this machine that is not loopback: a request to it comes from it. */
    static InetAddress nonLoopback() throws Exception {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
            }
        }
        throw new AssertionError("this machine has no network address but loopback: the forged-header test needs one");
    }
}
