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

    /** One chunk's group columns: {@link FileGroups}' six figures and its parents' hashes, name longs and ends. */
    static final class Columns {
        long[] uid;
        long[] gid;
        long[] files;
        long[] allocated;
        long[] logical;
        long[] maxAtime;
        /** Four longs a group: its directory's {@link PathHash} and its parent's. */
        long[] hashes;
        long[] names;
        int[] ends;

        Columns(int capacity) {
            uid = new long[capacity];
            gid = new long[capacity];
            files = new long[capacity];
            allocated = new long[capacity];
            logical = new long[capacity];
            maxAtime = new long[capacity];
            hashes = new long[4 * capacity];
            names = new long[capacity];
            ends = new int[capacity];
        }

        private Columns(FileGroups g) {
            uid = g.uid();
            gid = g.gid();
            files = g.files();
            allocated = g.allocated();
            logical = g.logical();
            maxAtime = g.maxAccessTime();
            hashes = g.parents().hashArray();
            names = g.parents().nameArray();
            ends = g.parents().endArray();
        }

        /** Groups the figures, hashes and names have room for (a parser filling the set owns its ends meanwhile). */
        int groups() {
            return Math.min(Math.min(uid.length, names.length), hashes.length / 4);
        }

        /** Room for {@code groups} groups in the figures, hashes and names, what they hold kept. */
        void grow(int groups) {
            uid = java.util.Arrays.copyOf(uid, groups);
            gid = java.util.Arrays.copyOf(gid, groups);
            files = java.util.Arrays.copyOf(files, groups);
            allocated = java.util.Arrays.copyOf(allocated, groups);
            logical = java.util.Arrays.copyOf(logical, groups);
            maxAtime = java.util.Arrays.copyOf(maxAtime, groups);
            hashes = java.util.Arrays.copyOf(hashes, 4 * groups);
            names = java.util.Arrays.copyOf(names, groups);
        }

        /** The capacity in groups: the shortest of the arrays. */
        int capacity() {
            int c = Math.min(Math.min(uid.length, gid.length), Math.min(files.length, allocated.length));
            c = Math.min(c, Math.min(Math.min(logical.length, maxAtime.length), Math.min(names.length, ends.length)));
            return Math.min(c, hashes.length / 4);
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
        if (groups.uid().length >= MIN_KEPT && groups.parents().hasHashes()) {
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
