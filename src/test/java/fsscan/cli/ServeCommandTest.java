package fsscan.cli;

import fsscan.testutil.Child;
import fsscan.testutil.TestScans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serve command as users start it: its one line on stdout, a request log, a clean stop on SIGTERM. */
class ServeCommandTest {

    @TempDir
    Path dir;

    /** Reads the child's stdout file until a line appears (60 s at most); fails at once if the child ends first. */
    static String firstLine(File stdout, Child child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean ended = !child.alive();
            String text = Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
            if (text.contains("\n")) {
                return text.substring(0, text.indexOf('\n'));
            }
            if (ended) {
                throw new AssertionError("serve ended without a line on stdout; stderr: " + child.stderr());
            }
            Thread.sleep(20); // polling a file, bounded by the deadline
        }
        throw new AssertionError("serve printed no line in 60 s; stderr: " + child.stderr());
    }

    /** One GET of the running serve (30 s at most). */
    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void printsWhereItListensLogsEachRequestAndStopsOnSigterm() throws Exception {
        TestScans.imported(dir, "20260111_srv_web.list", TestScans.generate(3, 2000, 0, "/gpfs/web"), "data/web.db");
        File stdout = dir.resolve("stdout").toFile();
        Path log = dir.resolve("requests.log");
        Child child = Child.fsscan(List.of(), stdout, "serve", "--data-dir", dir.resolve("data").toString(), "--port", "0",
                "--log", log.toString());
        String line = firstLine(stdout, child);
        assertTrue(line.matches("listening on http://127\\.0\\.0\\.1:\\d+/"), line);
        String url = line.substring("listening on ".length());
        HttpResponse<String> r = get(url + "api/v1/scans");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"fs\":\"web\""), r.body());
        child.signal("TERM");
        assertEquals(0, child.exitCode(), "a stop asked for is no failure");
        assertEquals(line + "\n", Files.readString(stdout.toPath()), "nothing but the address on stdout");
        String logged = Files.readString(log);
        assertTrue(logged.matches("(?s)\\S+ 127\\.0\\.0\\.1 - GET /api/v1/scans 200 \\d+ [\\d.]+ms\\n"), logged);
    }

    @Test
    void servesADatabaseFileGivenInPlaceOfAName() throws Exception {
        TestScans.imported(dir, "20260111_srv_lab.list", TestScans.generate(5, 1000, 0, "/gpfs/lab"), "scans/lab.db");
        Files.createDirectories(dir.resolve("data"));
        File stdout = dir.resolve("stdout").toFile();
        Child child = Child.fsscan(List.of(), stdout, "serve", dir.resolve("scans/lab.db").toString(), "--data-dir",
                dir.resolve("data").toString(), "--port", "0");
        String line = firstLine(stdout, child);
        String url = line.substring("listening on ".length());
        HttpResponse<String> r = get(url + "api/v1/scans");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"fs\":\"lab\""), r.body());
        child.signal("TERM");
        assertEquals(0, child.exitCode());
    }

    @Test
    void refusesToShowEverythingBeyondLoopback() throws Exception {
        Cli.Result r = Cli.run("serve", "--bind", "0.0.0.0", "--data-dir", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("loopback only"), r.err());
        Cli.Result bad = Cli.run("serve", "--auth", "password");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("none or trusted-header"), bad.err());
        Cli.Result missing = Cli.run("serve", "nosuch", "--data-dir", dir.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no database 'nosuch'"), missing.err());
        Cli.Result none = Cli.run("serve", "nosuch.db", "--data-dir", dir.resolve("empty").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no database 'nosuch.db': not a file, and no databases in " + dir.resolve("empty")
                + ": import a scan first"), none.err());
        Path list = dir.resolve("20260111_srv_x.list");
        Files.writeString(list, "<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /x\n");
        // Bounded: were the file let through, serve would listen until stopped.
        Cli.Result notDb = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Cli.run("serve", list.toString(), "--data-dir", dir.resolve("empty").toString(), "--port", "0"));
        assertEquals(1, notDb.code());
        assertTrue(notDb.err().contains(list + " is not a database"), notDb.err());
        assertTrue(notDb.out().isEmpty(), "no address: it never listened; " + notDb.out());
    }

    /**
     * A port already taken: one line on stderr that names it, with the launcher's logging
     * (conf/logback.xml), not the HTTP layer's error and its stack trace before it.
     */
    @Test
    void aPortInUseIsOneLine() throws Exception {
        TestScans.imported(dir, "20260111_srv_busy.list", TestScans.generate(1, 200, 0, "/gpfs/busy"), "data/busy.db");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Child child = Child.fsscan(List.of("-Dlogback.configurationFile=" + Path.of("conf/logback.xml").toAbsolutePath()),
                    null, "serve", "--data-dir", dir.resolve("data").toString(), "--port", port);
            assertEquals(1, child.exitCode());
            List<String> err = child.stderr();
            assertEquals(1, err.size(), String.join("\n", err));
            assertTrue(err.get(0).startsWith("fsscan serve: cannot listen on 127.0.0.1:" + port + ": "), err.get(0));
        }
    }
}
