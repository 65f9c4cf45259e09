package fsscan.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An index's b-tree as pages ({@link BtreePages}), also that of a WITHOUT ROWID table: index
 * leaves (type 10) of cells {@code payload size, record}, the records given in key order; interior
 * pages (type 2) of cells {@code left child, payload size, record}, where each record is the key
 * between the child before it and the one after (it is in neither: an index holds each key once).
 * A full leaf's last entry becomes the divider after it; the dividers, in memory (one per leaf but
 * the last), go up level by level when the pages are appended.
 */
final class IndexPages extends BtreePages {

    private final List<byte[]> dividers = new ArrayList<>();
    // The last entry put on the leaf being filled, to take back as the divider when the leaf is full.
    private byte[] last = new byte[256];
    private int lastLength;

    IndexPages(Path file, int pageSize) throws IOException {
        // An index page keeps X = (U - 12) * 64 / 255 - 23 bytes of a payload, at least M = (U - 12) * 32 / 255 - 23.
        super(file, pageSize, 10, (pageSize - 12) * 64 / 255 - 23, (pageSize - 12) * 32 / 255 - 23);
    }

    /**
     * Adds the next entry, which sorts after every entry before it. When it does not fit on the
     * leaf, the leaf's own last entry is taken back as the divider between that leaf and the next,
     * which this entry starts: every leaf but the last has a divider after it, whatever follows.
     */
    void add(Record rec) throws IOException {
        int payload = rec.size();
        if (!leafEmpty() && !fits(cellSize(varintLength(payload), payload))) {
            // A full leaf holds three cells at least (a cell keeps at most a quarter of a page).
            takeBackLastCell(cellSize(varintLength(lastLength), lastLength), lastLength > localSize(lastLength));
            dividers.add(java.util.Arrays.copyOf(last, lastLength));
            finishLeaf();
        }
        putCell(rec.bytes(), payload, false, 0);
        if (last.length < payload) {
            last = new byte[Math.max(payload, last.length * 2)];
        }
        System.arraycopy(rec.bytes(), 0, last, 0, payload);
        lastLength = payload;
        entries++;
    }

    @Override
    void leafDone() {
    }

    @Override
    long writeInterior(FileChannel ch, long[] childPage, long next, int rootPage) throws IOException {
        List<byte[]> keys = dividers;
        int count = childPage.length;
        if (keys.size() != count - 1) {
            throw new IllegalStateException(count + " leaves but " + keys.size() + " dividers");
        }
        while (true) {
            int[] cellBytes = new int[count];
            for (int i = 0; i < count - 1; i++) {
                cellBytes[i] = 2 + 4 + cellSize(varintLength(keys.get(i).length), keys.get(i).length);
            }
            int[] split = splitInterior(cellBytes, count);
            boolean top = split.length == 1;
            long[] upPage = new long[split.length];
            List<byte[]> upKeys = new ArrayList<>();
            int from = 0;
            for (int s = 0; s < split.length; s++) {
                int to = from + split[s];
                long number = top ? rootPage : next++;
                byte[] p = new byte[pageSize];
                p[0] = 2;
                int content = pageSize;
                int n = to - from - 1;
                for (int j = from; j < to - 1; j++) {
                    byte[] key = keys.get(j);
                    int local = localSize(key.length);
                    int size = 4 + varintLength(key.length) + local + (local < key.length ? 4 : 0);
                    content -= size;
                    put32(p, content, (int) childPage[j]);
                    int at = putVarint(p, content + 4, key.length);
                    System.arraycopy(key, 0, p, at, local);
                    if (local < key.length) {
                        // The divider's overflow chain: new pages, each naming the next.
                        List<byte[]> chain = overflowChain(key, local, key.length);
                        put32(p, at + local, (int) next);
                        for (int c = 0; c < chain.size(); c++) {
                            long page = next++;
                            if (c + 1 < chain.size()) {
                                put32(chain.get(c), 0, (int) next);
                            }
                            writePage(ch, page, chain.get(c));
                        }
                    }
                    interiorCell(p, j - from, content);
                }
                interiorHeader(p, n, content, childPage[to - 1]);
                writePage(ch, number, p);
                upPage[s] = number;
                if (to < count) {
                    upKeys.add(keys.get(to - 1));
                }
                from = to;
            }
            if (top) {
                return next;
            }
            childPage = upPage;
            keys = upKeys;
            count = split.length;
        }
    }
}
