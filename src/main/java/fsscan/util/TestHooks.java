package fsscan.util;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points where the tests hold a real command to signal or kill it at a known moment. Enabled only
 * by system properties the tests' child JVMs set; no option or setting a user sees.
 */
public final class TestHooks {

    private TestHooks() {
    }

    /** Says {@code message} on stderr and waits (60 s at most) until {@code release} exists. */
    public static void hold(String message, String release) {
        System.err.println("test hook: " + message);
        System.err.flush();
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
