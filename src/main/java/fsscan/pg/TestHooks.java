package fsscan.pg;

/**
 * With {@code -Dfsscan.test.publish-hold-at=POINT} and {@code -Dfsscan.test.publish-release=FILE}
 * (tests only), a publish holds at POINT until FILE exists, to be killed there.
 */
final class TestHooks {

    private TestHooks() {
    }

    static void hold(String point) {
        if (point.equals(System.getProperty("fsscan.test.publish-hold-at"))) {
            fsscan.util.TestHooks.hold("publish at " + point, System.getProperty("fsscan.test.publish-release", "/nonexistent"));
        }
    }
}
