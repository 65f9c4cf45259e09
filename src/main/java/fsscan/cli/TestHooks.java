package fsscan.cli;

import java.io.PrintWriter;

/**
 * With {@code -Dfsscan.test.hold-after-replace=FILE} (tests only), an import holds once its new
 * database is in place until FILE exists, to be sent a signal there.
 */
final class TestHooks {

    private TestHooks() {
    }

    static void afterReplace(PrintWriter err) {
        String release = System.getProperty("fsscan.test.hold-after-replace");
        if (release != null) {
            err.flush();
            fsscan.util.TestHooks.hold("replaced, holding", release);
        }
    }
}
