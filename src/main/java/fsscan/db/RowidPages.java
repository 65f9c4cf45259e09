package fsscan.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A rowid table's b-tree as pages ({@link BtreePages}): table leaves (type 13) of cells
 * {@code payload size, rowid, record}, the INTEGER PRIMARY KEY column stored in the record as NULL
 * (it is the rowid); interior pages (type 5) of {@code left child, largest rowid under it} cells.
 */
final class RowidPages extends BtreePages {

    private long lastRowid = Long.MIN_VALUE;
    // The largest rowid of each leaf.
    private long[] leafKey = new long[64];

    RowidPages(Path file, int pageSize) throws IOException {
        // A table leaf keeps X = U - 35 bytes of a payload, at least M = (U - 12) * 32 / 255 - 23.
        super(file, pageSize, 13, pageSize - 35, (pageSize - 12) * 32 / 255 - 23);
    }

    /** Adds the row {@code rowid}, after every row before it; its INTEGER PRIMARY KEY column is NULL in {@code rec}. */
    void add(long rowid, Record rec) throws IOException {
        if (rowid <= lastRowid) {
            throw new IllegalStateException("rows out of order: " + rowid + " after " + lastRowid);
        }
        int payload = rec.size();
        if (!fits(cellSize(varintLength(payload) + varintLength(rowid), payload))) {
            finishLeaf();
        }
        putCell(rec.bytes(), payload, true, rowid);
        lastRowid = rowid;
        entries++;
    }

    @Override
    void leafDone() {
        if (leaves > leafKey.length) {
            leafKey = Arrays.copyOf(leafKey, leafKey.length * 2);
        }
        leafKey[leaves - 1] = lastRowid;
    }

    @Override
    long writeInterior(FileChannel ch, long[] childPage, long next, int rootPage) throws IOException {
        long[] childKey = Arrays.copyOf(leafKey, leaves);
        int count = leaves;
        while (true) {
            int[] cellBytes = new int[count];
            for (int i = 0; i < count; i++) {
                cellBytes[i] = 2 + 4 + varintLength(childKey[i]);
            }
            int[] split = splitInterior(cellBytes, count);
            boolean top = split.length == 1;
            long[] upPage = new long[split.length];
            long[] upKey = new long[split.length];
            int from = 0;
            for (int s = 0; s < split.length; s++) {
                int to = from + split[s];
                long number = top ? rootPage : next++;
                writePage(ch, number, interiorPage(childPage, childKey, from, to));
                upPage[s] = number;
                upKey[s] = childKey[to - 1];
                from = to;
            }
            if (top) {
                return next;
            }
            childPage = upPage;
            childKey = upKey;
            count = split.length;
        }
    }

    /** An interior table page over children {@code from..to-1}: cells for all but the last, which is the right-most pointer. */
    private byte[] interiorPage(long[] childPage, long[] childKey, int from, int to) {
        byte[] p = new byte[pageSize];
        p[0] = 5;
        int n = to - from - 1;
        int content = pageSize;
        byte[] c = new byte[13];
        for (int i = 0; i < n; i++) {
            put32(c, 0, (int) childPage[from + i]);
            int len = putVarint(c, 4, childKey[from + i]);
            content -= len;
            System.arraycopy(c, 0, p, content, len);
            interiorCell(p, i, content);
        }
        interiorHeader(p, n, content, childPage[to - 1]);
        return p;
    }
}
