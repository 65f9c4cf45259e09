package fsscan.scan;

/**
 * The files of one chunk summed per (parent directory, uid, gid): columnar, one entry per group,
 * in the order the groups' first lines came, each parent with its {@link PathHash} and its
 * parent's; and their histogram cells: {@code histGroup[i]} is the group, {@code histKey[i]} the
 * bucket (age buckets 0-11, size buckets 16-25), a group's cells side by side and the groups in
 * ascending order (the accumulator reads them so). A group of one file (most, where lines come
 * in no directory order) has no cells but {@code oneFile[i]}: its age bucket << 8 | its size key,
 * each counting one file of the group's allocated bytes; -1 for the other groups. The arrays
 * belong to this object once built; the columns and the parents' arrays may be longer than
 * {@link #size()} (a parser hands over its own, see {@link GroupBuffers}): read the first
 * {@code size()} entries only.
 */
public record FileGroups(PathList parents, long[] uid, long[] gid, long[] files, long[] allocated,
                         long[] logical, long[] maxAccessTime, short[] oneFile, int[] histGroup, byte[] histKey,
                         long[] histFiles, long[] histBytes) {

    /** Size buckets are stored under these keys: 16 + bucket. */
    public static final int SIZE_KEY = 16;

    public static FileGroups empty() {
        return new FileGroups(new PathList.Builder(0, 0).build(), new long[0], new long[0], new long[0], new long[0],
                new long[0], new long[0], new short[0], new int[0], new byte[0], new long[0], new long[0]);
    }

    public int size() {
        return parents.size();
    }
}
