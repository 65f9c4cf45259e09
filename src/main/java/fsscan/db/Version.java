package fsscan.db;

/** The fsscan version recorded in every database, and the commit it was built from. */
public final class Version {

    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The commit of the build ({@code fsscan-commit.txt}, written by the build), or "unknown". */
    public static String commit() {
        try (java.io.InputStream in = Version.class.getResourceAsStream("/fsscan-commit.txt")) {
            if (in == null) {
                return "unknown";
            }
            String c = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            return c.isEmpty() ? "unknown" : c;
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
