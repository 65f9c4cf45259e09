package fsscan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After the package (failsafe): the distribution archive unpacked somewhere else runs with only a
 * JRE, and carries its man pages and bash completion.
 */
class DistributionIT {

    @TempDir
    Path dir;

    private static String run(Path cwd, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void theArchiveRunsAfterUnpackingAnywhere() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            archive = files.filter(f -> f.getFileName().toString().matches("fsscan-.*\\.tar\\.gz")).findFirst().orElseThrow();
        }
        run(dir, List.of("tar", "xzf", archive.toAbsolutePath().toString()));
        Path home;
        try (Stream<Path> files = Files.list(dir)) {
            home = files.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path elsewhere = Files.createDirectory(dir.resolve("work"));
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        List<String> env = List.of("env", "-i", "PATH=" + java + File.pathSeparator + "/usr/bin:/bin", "HOME=" + elsewhere);
        String sample;
        try (Stream<Path> files = Files.list(home.resolve("testdata"))) {
            sample = files.filter(f -> f.getFileName().toString().endsWith(".log")).findFirst().orElseThrow().toString();
        }
        String imported = run(elsewhere, concat(env, List.of(home.resolve("bin/fsscan").toString(), "import", sample, "-q")));
        assertTrue(imported.contains("file system     sample"), imported);
        assertTrue(Files.exists(elsewhere.resolve("data/sample.db")), "the default data directory is the working directory's");
        String version = run(elsewhere, concat(env, List.of(home.resolve("bin/fsscan").toString(), "-V")));
        assertTrue(version.matches("fsscan \\d+\\.\\d+\\.\\d+\\S* \\(commit \\S+\\)\\n"), version);
        String page = run(elsewhere, List.of("env", "MANPAGER=cat", "MANWIDTH=80", "man", "-l",
                home.resolve("share/man/man1/fsscan-query.1").toString()));
        assertTrue(page.contains("FSSCAN-QUERY(1)") && page.contains("--sort-by"), page);
        String completion = run(elsewhere, List.of("bash", "-c", "source \"$0\" && complete -p fsscan",
                home.resolve("share/bash-completion/completions/fsscan").toString()));
        assertTrue(completion.strip().endsWith(" fsscan"), completion);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
