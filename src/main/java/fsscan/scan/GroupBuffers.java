package fsscan.scan;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The arrays a parser fills with a chunk's file groups and hands to the accumulator as they are,
 * not copied, and that the accumulator hands back once it has merged them, for a parser to fill
 * again. In no directory order nearly every line is a group of its own, so copying a chunk's
 * groups out of the parser's tables, and allocating those copies, cost as much as a fifth of a
 * parser's time and most of what an import allocated.
 *
 * <p>Ownership moves with the arrays: a parser owns a set while it fills it, the accumulator from
 * the message on, until it gives the set back; whoever gives arrays back never reads them again.
 * A set's columns come back when the chunk is merged; its paths' bytes when the accumulator no
 * longer holds them (a batch keeps them until it is applied). At most the sets in flight exist.
 * One instance per import, shared by its parsers and its accumulator.
 */
public final class GroupBuffers {

    /** Arrays shorter than this are not worth keeping (an empty chunk's, a test's). */
    private static final int MIN_KEPT = 64;

    private final ConcurrentLinkedQueue<Columns> columns = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<byte[]> paths = new ConcurrentLinkedQueue<>();

    /** One chunk's groups: their {@link FileGroups} records, and their parents' hashes, name longs and ends. */
    static final class Columns {
        /** {@link FileGroups#RECORD} longs a group. */
        long[] records;
        /** Four longs a group: its directory's {@link PathHash} and its parent's. */
        long[] hashes;
        long[] names;
        int[] ends;

        Columns(int capacity) {
            records = new long[FileGroups.RECORD * capacity];
            hashes = new long[4 * capacity];
            names = new long[capacity];
            ends = new int[capacity];
        }

        private Columns(FileGroups g) {
            records = g.records();
            hashes = g.parents().hashArray();
            names = g.parents().nameArray();
            ends = g.parents().endArray();
        }

        /** Groups the records, hashes and names have room for (a parser filling the set owns its ends meanwhile). */
        int groups() {
            return Math.min(Math.min(records.length / FileGroups.RECORD, names.length), hashes.length / 4);
        }

        /** Room for {@code groups} groups in the records, hashes and names, what they hold kept. */
        void grow(int groups) {
            records = java.util.Arrays.copyOf(records, FileGroups.RECORD * groups);
            hashes = java.util.Arrays.copyOf(hashes, 4 * groups);
            names = java.util.Arrays.copyOf(names, groups);
        }

        /** The capacity in groups: the shortest of the arrays. */
        int capacity() {
            return Math.min(groups(), ends.length);
        }
    }

    /** A set given back, or a new one of {@code capacity} groups. */
    Columns takeColumns(int capacity) {
        Columns c = columns.poll();
        return c != null ? c : new Columns(capacity);
    }

    /** Path bytes given back, or a new array of {@code size} bytes. */
    byte[] takePaths(int size) {
        byte[] b = paths.poll();
        return b != null ? b : new byte[size];
    }

    /**
     * Gives back the columns of merged groups (their paths' bytes go back on their own, see
     * {@link #givePathsBack}): the caller and everything it handed them to never read them again.
     */
    public void giveBack(FileGroups groups) {
        if (groups.records().length >= FileGroups.RECORD * MIN_KEPT && groups.parents().hasHashes()) {
            Columns c = new Columns(groups);
            if (c.capacity() >= MIN_KEPT) {
                columns.add(c);
            }
        }
    }

    /** Gives back a chunk's group paths' bytes ({@code FileGroups.parents().bytes()}), read by nobody again. */
    public void givePathsBack(byte[] bytes) {
        if (bytes.length >= MIN_KEPT) {
            paths.add(bytes);
        }
    }
}
