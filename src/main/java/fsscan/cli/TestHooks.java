package fsscan.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points where the tests hold a real import to send it a signal at a known moment. Set only by
 * the tests' child JVMs through a system property; no option or setting a user sees.
 */
final class TestHooks {

    private TestHooks() {
    }

    /**
     * With {@code -Dfsscan.test.hold-after-replace=FILE}: says so on stderr once the new database is
     * in place, then waits (60 s at most) for FILE to exist.
     */
    static void afterReplace(PrintWriter err) {
        String release = System.getProperty("fsscan.test.hold-after-replace");
        if (release == null) {
            return;
        }
        err.println("test hook: replaced, holding");
        err.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(Path.of(release)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
