package fsscan.scan;

/** The reusable result of {@link LineParser#parse}: one line's fields, overwritten by the next. */
public final class ParsedLine {

    public enum Kind { DATA, HEADER, MALFORMED }

    public Kind kind;
    public String malformedReason;
    public boolean directory;
    public long inode;
    public long size;
    public long allocatedKiB;
    /** Allocated bytes given directly (Lustre: blocks x 512), or -1 to derive them from {@code a=}. */
    public long allocatedOverride;
    public long uid;
    public long gid;
    public long accessTime;
    public byte[] pathBuf;
    public int pathStart;
    public int pathEnd;

    void reset() {
        kind = Kind.MALFORMED;
        malformedReason = null;
        directory = false;
        inode = 0;
        size = 0;
        allocatedKiB = 0;
        allocatedOverride = -1;
        uid = 0;
        gid = LineParser.UNKNOWN_OWNER;
        accessTime = LineParser.UNKNOWN_TIME;
        pathBuf = null;
        pathStart = 0;
        pathEnd = 0;
    }

    void malformed(String reason) {
        kind = Kind.MALFORMED;
        malformedReason = reason;
    }

    /** Allocated bytes per SPEC 2: {@code a * 1024}, or {@code s} for small data kept in the inode. */
    public long allocatedBytes() {
        if (allocatedOverride >= 0) {
            return allocatedOverride;
        }
        if (allocatedKiB == 0 && size <= 4096) {
            return size;
        }
        return allocatedKiB * 1024;
    }

    public String path() {
        return new String(pathBuf, pathStart, pathEnd - pathStart, java.nio.charset.StandardCharsets.UTF_8);
    }
}
