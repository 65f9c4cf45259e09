package fsscan.scan;

/**
 * The files of one chunk summed per (parent directory, uid, gid): columnar, one entry per group.
 * The arrays belong to this object once built; nobody writes to them again.
 */
public record FileGroups(PathList parents, long[] uid, long[] gid, long[] files, long[] allocated,
                         long[] logical, long[] maxAccessTime) {

    public int size() {
        return parents.size();
    }
}
