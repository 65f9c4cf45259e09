package fsscan.scan;

/**
 * The files of one chunk summed per (parent directory, uid, gid), one entry per group, in the
 * order the groups' first lines came, each parent with its {@link PathHash} and its parent's.
 *
 * <p>A group's figures are a record of {@link #RECORD} longs at {@code RECORD * i} of
 * {@link #records}, laid out as the accumulator's batches hold them, so that it copies a chunk's
 * records as they are: {@link #UID}, {@link #GID}, {@link #FILES}, {@link #ALLOCATED},
 * {@link #LOGICAL}, {@link #MAX_ATIME}, and {@link #HIST}, the group's histogram cells: for a group
 * of one file (most, where lines come in no directory order) {@link #ONE_FILE} | its age bucket
 * << 8 | its size key, each counting one file of the group's allocated bytes; else where its cells
 * start in the cell arrays << 32 | their count (0 without histograms). The last long of a record
 * is the parser's and means nothing here.
 *
 * <p>Cell i is {@code histGroup[i]}'s bucket {@code histKey[i]} (age buckets 0-11, size buckets
 * 16-25), a group's cells side by side and the groups in ascending order. The arrays belong to
 * this object once built; the records and the parents' arrays may be longer than {@link #size()}
 * (a parser hands over its own, see {@link GroupBuffers}): read the first {@code size()} entries
 * only.
 *
 * @param allocatedSum the groups' allocated bytes added up, -1 if that passes 2^63
 * @param logicalSum   the groups' logical bytes added up, -1 if that passes 2^63
 */
public record FileGroups(PathList parents, long[] records, int[] histGroup, byte[] histKey,
                         long[] histFiles, long[] histBytes, long allocatedSum, long logicalSum) {

    /** Size buckets are stored under these keys: 16 + bucket. */
    public static final int SIZE_KEY = 16;
    /** Longs a group's record takes. */
    public static final int RECORD = 8;
    public static final int UID = 0;
    public static final int GID = 1;
    public static final int FILES = 2;
    public static final int ALLOCATED = 3;
    public static final int LOGICAL = 4;
    public static final int MAX_ATIME = 5;
    public static final int HIST = 6;
    /** Marks a {@link #HIST} of a group of one file: its two buckets in the low 16 bits. */
    public static final long ONE_FILE = Long.MIN_VALUE;

    public static FileGroups empty() {
        return new FileGroups(new PathList.Builder(0, 0).build(), new long[0], new int[0], new byte[0], new long[0],
                new long[0], 0, 0);
    }

    public int size() {
        return parents.size();
    }

    public long uid(int i) {
        return records[RECORD * i + UID];
    }

    public long gid(int i) {
        return records[RECORD * i + GID];
    }

    public long files(int i) {
        return records[RECORD * i + FILES];
    }

    public long allocated(int i) {
        return records[RECORD * i + ALLOCATED];
    }

    public long logical(int i) {
        return records[RECORD * i + LOGICAL];
    }

    public long maxAccessTime(int i) {
        return records[RECORD * i + MAX_ATIME];
    }

    /** Group i's cells, as {@link #HIST} describes. */
    public long hist(int i) {
        return records[RECORD * i + HIST];
    }
}
