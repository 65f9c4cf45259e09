package fsscan.pg;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points where the tests hold a real publish to kill it at a known moment. Set only by the tests'
 * child JVMs through system properties; no option or setting a user sees.
 */
final class TestHooks {

    private TestHooks() {
    }

    /**
     * With {@code -Dfsscan.test.publish-hold-at=POINT} and {@code -Dfsscan.test.publish-release=FILE}:
     * at POINT, says so on stderr and waits (60 s at most) for FILE to exist.
     */
    static void hold(String point) {
        if (!point.equals(System.getProperty("fsscan.test.publish-hold-at"))) {
            return;
        }
        System.err.println("test hook: publish at " + point);
        System.err.flush();
        String release = System.getProperty("fsscan.test.publish-release", "/nonexistent");
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
