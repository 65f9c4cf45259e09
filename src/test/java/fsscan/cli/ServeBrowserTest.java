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
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page in a real browser: Debian's Chromium, headless, driven through its chromedriver
 * (installed by bin/test-deps). Figures shown are checked against the command line's answers
 * over the same database; a screenshot is kept as target/web-view.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path dir;
    Path data;
    Path passwd;
    Path group;
    WebServer server;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        for (String f : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!new File(f).canExecute()) {
                throw new AssertionError(f + " is missing: bin/test-deps installs Debian's chromium and chromium-driver");
            }
        }
        data = Files.createDirectories(dir.resolve("data"));
        TestScans.keptWeeks(dir, data, 21, 20000, 21, 24000);
        // Names for the generator's uids and gids, as a site's exported user database would give them.
        String[] people = {"amara", "bjorn", "chen", "dalia", "emeka", "farah", "goran", "hana", "ivan", "jun", "kofi", "lena",
            "mateo", "nadia", "oskar", "priya", "quinn", "rosa", "sven", "tariq", "uma", "vera", "wei", "ximena", "yusuf", "zoe"};
        StringBuilder users = new StringBuilder();
        StringBuilder groups = new StringBuilder();
        for (int u = 0; u < 200; u++) {
            String name = people[u % people.length] + (u < people.length ? "" : Integer.toString(u / people.length));
            users.append(name).append(":x:").append(10000 + u).append(":").append(1000 + u % 17).append("::/home/")
                    .append(name).append(":/bin/sh\n");
            groups.append("proj-").append(name).append(":x:").append(5000 + u).append(":").append(name).append("\n");
        }
        for (int g = 0; g < 17; g++) {
            groups.append("lab").append(g).append(":x:").append(1000 + g).append(":\n");
        }
        passwd = Files.writeString(dir.resolve("passwd"), users);
        group = Files.writeString(dir.resolve("group"), groups);
        server = WebServer.start(new WebServer.Settings(Catalog.of(data, null, Map.of()), null, null, "127.0.0.1", 0,
                WebServer.Auth.NONE, "X-Remote-User", List.of(), passwd, group, new PrintWriter(new StringWriter())));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1050", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    JsonNode cli(String... args) throws Exception {
        String[] all = new String[args.length + 8];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--format", "json", "--data-dir", data.toString(), "--passwd", passwd.toString(),
            "--group-file", group.toString()}, 0, all, args.length, 8);
        Cli.Result r = Cli.run(all);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    String figure(String name) {
        return browser.findElement(By.cssSelector("#figures td[data-figure='" + name + "']")).getText();
    }

    void awaitPath(String path) {
        wait.until(ExpectedConditions.textToBe(By.id("dir-name"), path));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#owners tr td")));
    }

    @Test
    void clickingIntoADirectoryShowsItsFiguresAndTheUrlKeepsTheView() throws Exception {
        browser.get(server.url() + "?fs=gen");
        awaitPath("/gpfs/gen");
        JsonNode root = cli("query", "gen", "--max-depth", "2", "-n", "1").get("directories").get(0);
        assertEquals(String.format(Locale.US, "%,d", root.get("files").asLong()), figure("files"));
        assertTrue(browser.findElement(By.id("scan-date")).getText().contains("2026-01-11"), "the scan date is shown");

        // The biggest subdirectory is the first tile; clicking it drills down.
        JsonNode child = cli("query", "gen", "-d", "3", "--max-depth", "3", "-n", "1").get("directories").get(0);
        List<WebElement> tiles = browser.findElements(By.cssSelector("#treemap .tile[data-path]"));
        assertTrue(tiles.size() > 1, "several subdirectories drawn");
        assertEquals(child.get("path").asText(), tiles.get(0).getAttribute("data-path"));
        tiles.get(0).click();
        awaitPath(child.get("path").asText());
        assertEquals(String.format(Locale.US, "%,d", child.get("files").asLong()), figure("files"));
        String url = URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8);
        assertTrue(url.contains("path=" + child.get("path").asText()), url);

        // Its owners, exact: the same first owner as the command line's table for that directory.
        JsonNode owners = cli("query", "gen", "--group-by", "owner", "-P", child.get("path").asText()).get("owners");
        assertEquals(owners.get(0).get("user").asText(),
                browser.findElement(By.cssSelector("#owners tr:nth-child(2) td")).getText());
        // Growth since the kept scan is shown for it.
        assertTrue(browser.findElements(By.cssSelector("#figures td[data-figure^='since 2026-01-04']")).size() == 1);

        // The table of the biggest directories below it is the command line's listing.
        JsonNode below = cli("query", "gen", "-P", child.get("path").asText(), "-d", "4", "-n", "50").get("directories");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#dirs tr td a"), below.size()));
        assertEquals(below.get(0).get("path").asText(),
                browser.findElement(By.cssSelector("#dirs tr td a")).getAttribute("data-path"));

        // The breadcrumb climbs back; the browser's back button returns to the child.
        browser.findElement(By.cssSelector("#crumbs a[data-path='/gpfs/gen']")).click();
        awaitPath("/gpfs/gen");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dirs tr td a")));
        Files.createDirectories(Path.of("target"));
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "web-view.png"),
                StandardCopyOption.REPLACE_EXISTING);
        browser.navigate().back();
        awaitPath(child.get("path").asText());

        // A shared link opens the same view: path, area by files, a filter.
        browser.get(server.url() + "?fs=gen&path=" + child.get("path").asText() + "&area=files&min-files=5");
        awaitPath(child.get("path").asText());
        assertEquals("files", new Select(browser.findElement(By.id("area"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("5", browser.findElement(By.cssSelector("#filters input[name='min-files']")).getAttribute("value"));
        JsonNode filtered = cli("query", "gen", "-P", child.get("path").asText(), "-d", "4", "--min-files", "5", "-n", "50")
                .get("directories");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#dirs tr td a"), filtered.size()));
    }

    @Test
    void theSearchBoxGoesToAPathAndAnUnknownOneIsSaid() {
        browser.get(server.url() + "?fs=gen");
        awaitPath("/gpfs/gen");
        WebElement box = browser.findElement(By.id("search-path"));
        box.sendKeys("/gpfs/gen/nosuch\n");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertTrue(browser.findElement(By.id("error")).getText().contains("no directory /gpfs/gen/nosuch"));
    }
}
