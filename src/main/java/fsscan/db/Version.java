package fsscan.db;

/** The fsscan version recorded in every database. */
public final class Version {

    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
