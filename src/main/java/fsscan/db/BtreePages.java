package fsscan.db;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One table's or index's b-tree written as SQLite's own pages, without SQLite. Entries come in
 * key order (a table's rows are written once, in key order), so the leaves are filled one after
 * the other into a file of their own, and the interior levels are built when the pages are
 * appended to the database. Inserting through SQLite (its virtual machine, a b-tree search and a
 * page write per row) was most of the import's serial tail; this is a record encoding and a copy
 * per row, on the writer's own thread.
 *
 * <p>The format is that of the SQLite file format document (https://sqlite.org/fileformat2.html):
 * a leaf page is a header, an array of cell offsets and the cells from the page's end down; a
 * payload larger than a page holds keeps its first bytes in the cell and goes on in a chain of
 * overflow pages (each names the next); interior pages add the right-most child to the header.
 * {@link RowidPages} writes a rowid table, {@link IndexPages} an index or a WITHOUT ROWID table.
 * The database must use no reserved bytes per page and no auto-vacuum (fsscan's own files).
 * {@link #appendTo} puts the tree under the root page SQLite gave the (empty) table or index, so
 * the schema is unchanged; the file must not be open in SQLite meanwhile.
 */
abstract class BtreePages implements AutoCloseable {

    private final Path file;
    private final OutputStream out;
    final int pageSize;
    private final int maxLocal;
    private final int minLocal;
    private final int leafType;
    private final byte[] page;
    private byte[] cell = new byte[256];
    // The leaf being filled: cells from the end down, their offsets from the header up.
    private int cells;
    private int contentStart;
    long entries;
    // Pages written to the file so far (leaves and overflow pages): relative page index = order written.
    private int written;
    // Relative page index of each leaf.
    private int[] leafPage = new int[64];
    int leaves;
    // Pointers to relocate when appended: relative page index * page size + offset of a 4-byte
    // field holding a relative page index + 1.
    private long[] patches = new long[0];
    private int patchCount;
    // Overflow chains of the leaf being filled, written after it (page order: the leaf, then its
    // cells' chains in cell order), and where in the leaf each chain's first page is named.
    private final List<List<byte[]>> chains = new ArrayList<>();
    private final List<Integer> chainPointers = new ArrayList<>();
    private boolean closed;

    /**
     * {@code leafType}: 13 for a table leaf, 10 for an index leaf; {@code maxLocal} and
     * {@code minLocal}: the payload bytes a cell keeps on the page at most, and at least when it
     * overflows (the format's X and M).
     */
    BtreePages(Path file, int pageSize, int leafType, int maxLocal, int minLocal) throws IOException {
        this.file = file;
        this.pageSize = pageSize;
        this.leafType = leafType;
        this.maxLocal = maxLocal;
        this.minLocal = minLocal;
        this.page = new byte[pageSize];
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), 1 << 20);
        startLeaf();
    }

    Path file() {
        return file;
    }

    long entries() {
        return entries;
    }

    /** The payload bytes a cell keeps on its page. */
    final int localSize(int payload) {
        if (payload <= maxLocal) {
            return payload;
        }
        int k = minLocal + (payload - minLocal) % (pageSize - 4);
        return k <= maxLocal ? k : minLocal;
    }

    /** The bytes a cell of this payload takes, with a prefix of {@code prefix} bytes before it. */
    final int cellSize(int prefix, int payload) {
        int local = localSize(payload);
        return prefix + local + (local < payload ? 4 : 0);
    }

    /** Whether a cell of {@code size} bytes still fits on the leaf being filled. */
    final boolean fits(int size) {
        return 8 + 2 * (cells + 1) <= contentStart - size;
    }

    final boolean leafEmpty() {
        return cells == 0;
    }

    /**
     * Puts a cell on the leaf being filled (the caller made sure it {@link #fits}): the payload's
     * size, {@code rowid} if {@code withRowid}, then the payload (its first bytes, the rest in an
     * overflow chain).
     */
    final void putCell(byte[] payload, int length, boolean withRowid, long rowid) {
        int local = localSize(length);
        int size = varintLength(length) + (withRowid ? varintLength(rowid) : 0) + local + (local < length ? 4 : 0);
        if (cell.length < size) {
            cell = new byte[Math.max(size, cell.length * 2)];
        }
        int p = putVarint(cell, 0, length);
        if (withRowid) {
            p = putVarint(cell, p, rowid);
        }
        System.arraycopy(payload, 0, cell, p, local);
        p += local;
        contentStart -= size;
        System.arraycopy(cell, 0, page, contentStart, p);
        if (local < length) {
            chains.add(overflowChain(payload, local, length));
            chainPointers.add(contentStart + p);
        }
        page[8 + 2 * cells] = (byte) (contentStart >>> 8);
        page[9 + 2 * cells] = (byte) contentStart;
        cells++;
    }

    /**
     * Takes the last cell put on the leaf being filled off it again ({@code size} bytes, with an
     * overflow chain or not): it goes elsewhere.
     */
    final void takeBackLastCell(int size, boolean withChain) {
        if (cells < 2) {
            throw new IllegalStateException("a leaf of one cell cannot give it up");
        }
        cells--;
        Arrays.fill(page, contentStart, contentStart + size, (byte) 0);
        contentStart += size;
        page[8 + 2 * cells] = 0;
        page[9 + 2 * cells] = 0;
        if (withChain) {
            chains.remove(chains.size() - 1);
            chainPointers.remove(chainPointers.size() - 1);
        }
    }

    /** The overflow pages of a payload's bytes {@code from..length-1}, their next pointers not yet set. */
    final List<byte[]> overflowChain(byte[] payload, int from, int length) {
        List<byte[]> chain = new ArrayList<>();
        for (; from < length; from += pageSize - 4) {
            byte[] o = new byte[pageSize];
            System.arraycopy(payload, from, o, 4, Math.min(pageSize - 4, length - from));
            chain.add(o);
        }
        return chain;
    }

    private void startLeaf() {
        Arrays.fill(page, (byte) 0);
        page[0] = (byte) leafType;
        cells = 0;
        contentStart = pageSize;
    }

    /** Writes the leaf being filled (if it has cells) and its overflow chains; {@link #leafDone} is told. */
    final void finishLeaf() throws IOException {
        if (cells == 0) {
            return;
        }
        page[3] = (byte) (cells >>> 8);
        page[4] = (byte) cells;
        // 65536 is written as 0.
        page[5] = (byte) (contentStart >>> 8);
        page[6] = (byte) contentStart;
        int leafIndex = written;
        if (leaves == leafPage.length) {
            leafPage = Arrays.copyOf(leafPage, leaves * 2);
        }
        leafPage[leaves++] = leafIndex;
        leafDone();
        // Overflow chains: the pages right after the leaf, in the order of their cells; each page
        // names the next (the last: 0).
        int next = leafIndex + 1;
        for (int c = 0; c < chains.size(); c++) {
            writePointer(page, chainPointers.get(c), next, leafIndex);
            next += chains.get(c).size();
        }
        out.write(page);
        written++;
        for (List<byte[]> chain : chains) {
            for (int i = 0; i < chain.size(); i++) {
                if (i + 1 < chain.size()) {
                    writePointer(chain.get(i), 0, written + 1, written);
                }
                out.write(chain.get(i));
                written++;
            }
        }
        chains.clear();
        chainPointers.clear();
        startLeaf();
    }

    /** A leaf was finished: the last one is {@code leaves - 1}. */
    abstract void leafDone();

    /** A pointer to relative page {@code target}, in page {@code in}: stored relative, relocated on append. */
    private void writePointer(byte[] buf, int at, int target, int in) {
        put32(buf, at, target + 1);
        if (patchCount == patches.length) {
            patches = Arrays.copyOf(patches, Math.max(16, patchCount * 2));
        }
        patches[patchCount++] = (long) in * pageSize + at;
    }

    /** Writes the last leaf and closes the file of leaves. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            finishLeaf();
            out.close();
        }
    }

    /**
     * Appends this tree's pages to the database {@code db} and makes {@code rootPage} (the empty
     * leaf SQLite made for the table or index) their root; updates the header's page count and
     * change counter. Returns the pages added.
     */
    final long appendTo(Path db, int rootPage) throws IOException {
        close();
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel leavesIn = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(100);
            ch.read(header, 0);
            int size = Short.toUnsignedInt(header.getShort(16));
            if ((size == 1 ? 65536 : size) != pageSize || header.get(20) != 0 || header.getInt(52) != 0) {
                throw new IOException(db + ": page size, reserved bytes or auto-vacuum not as expected");
            }
            long pagesBefore = ch.size() / pageSize;
            if (leaves == 0) {
                return 0; // the empty leaf stays the root
            }
            // Relative page r goes to page base + r (1-based numbers); a single leaf is the root
            // itself, and the overflow pages after it move up one.
            boolean single = leaves == 1;
            long base = single ? pagesBefore : pagesBefore + 1;
            long n = leavesIn.size();
            long skip = single ? pageSize : 0;
            if (single) {
                ByteBuffer leaf = ByteBuffer.allocate(pageSize);
                leavesIn.read(leaf, 0);
                leaf.flip();
                ch.write(leaf, (long) (rootPage - 1) * pageSize);
            }
            long at = pagesBefore * pageSize;
            for (long done = skip; done < n; ) {
                done += leavesIn.transferTo(done, n - done, ch.position(at + done - skip));
            }
            ByteBuffer four = ByteBuffer.allocate(4);
            for (int i = 0; i < patchCount; i++) {
                int in = (int) (patches[i] / pageSize);
                long offset = (single && in == 0 ? (long) (rootPage - 1) * pageSize : (base + in - 1) * pageSize)
                        + patches[i] % pageSize;
                four.clear();
                ch.read(four, offset);
                int relative = four.getInt(0) - 1;
                four.putInt(0, (int) (base + relative));
                four.clear();
                ch.write(four, offset);
            }
            long last = base + written - 1;
            if (!single) {
                long[] childPage = new long[leaves];
                for (int i = 0; i < leaves; i++) {
                    childPage[i] = base + leafPage[i];
                }
                last = writeInterior(ch, childPage, last + 1, rootPage) - 1;
            }
            return finishHeader(ch, header, last) - pagesBefore;
        }
    }

    /**
     * Writes the interior levels over the leaves {@code childPage} (page numbers), new pages from
     * {@code next} on, the top one at {@code rootPage}; returns the next free page number.
     */
    abstract long writeInterior(FileChannel ch, long[] childPage, long next, int rootPage) throws IOException;

    final void writePage(FileChannel ch, long number, byte[] p) throws IOException {
        ch.write(ByteBuffer.wrap(p), (number - 1) * pageSize);
    }

    /**
     * How many children each interior page of the next level up takes, given the bytes each
     * child's cell takes ({@code cellBytes[i]}, with its 2-byte offset; a page's last child needs
     * no cell): as many as fit, each page at least two.
     */
    final int[] splitInterior(int[] cellBytes, int count) {
        int room = pageSize - 12;
        List<Integer> sizes = new ArrayList<>();
        int from = 0;
        while (from < count) {
            int used = 0;
            int n = 0;
            while (from + n < count) {
                int need = from + n == count - 1 ? 0 : cellBytes[from + n];
                if (n > 0 && used + need > room) {
                    break;
                }
                used += need;
                n++;
            }
            sizes.add(n);
            from += n;
        }
        if (sizes.size() > 1 && sizes.get(sizes.size() - 1) < 2) {
            int last = sizes.size() - 1;
            sizes.set(last - 1, sizes.get(last - 1) - 1);
            sizes.set(last, sizes.get(last) + 1);
        }
        int[] out = new int[sizes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sizes.get(i);
        }
        return out;
    }

    /** An interior page's offset of its cell {@code slot}, whose bytes start at {@code content}. */
    static void interiorCell(byte[] p, int slot, int content) {
        p[12 + 2 * slot] = (byte) (content >>> 8);
        p[13 + 2 * slot] = (byte) content;
    }

    /** An interior page's header: its cell count, where its cells start, its right-most child. */
    static void interiorHeader(byte[] p, int cells, int content, long rightChild) {
        p[3] = (byte) (cells >>> 8);
        p[4] = (byte) cells;
        p[5] = (byte) (content >>> 8);
        p[6] = (byte) content;
        put32(p, 8, (int) rightChild);
    }

    /** The header's page count, and a new change counter that the page count is valid for. */
    private static long finishHeader(FileChannel ch, ByteBuffer header, long pages) throws IOException {
        int changes = header.getInt(24) + 1;
        ByteBuffer h = ByteBuffer.allocate(4);
        h.putInt(0, changes);
        ch.write(h, 24);
        h.clear();
        h.putInt(0, (int) pages);
        ch.write(h, 28);
        h.clear();
        h.putInt(0, changes);
        ch.write(h, 92);
        return pages;
    }

    static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** SQLite's varint: big-endian groups of 7 bits, the ninth byte (if any) all 8. */
    static int varintLength(long v) {
        if ((v & ~0x7FL) == 0) {
            return 1;
        }
        if ((v & (0xffL << 56)) != 0) {
            return 9;
        }
        // 7 bits a byte.
        return (70 - Long.numberOfLeadingZeros(v)) / 7;
    }

    static int putVarint(byte[] b, int at, long v) {
        if ((v & (0xffL << 56)) != 0) {
            b[at + 8] = (byte) v;
            v >>>= 8;
            for (int i = 7; i >= 0; i--) {
                b[at + i] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            return at + 9;
        }
        int n = varintLength(v);
        for (int i = n - 1; i >= 0; i--) {
            b[at + i] = (byte) ((v & 0x7f) | (i == n - 1 ? 0 : 0x80));
            v >>>= 7;
        }
        return at + n;
    }

    /** One record: serial types into a header, values into a body, as SQLite chooses them. */
    static final class Record {
        private long[] types = new long[16];
        private int columns;
        private byte[] body = new byte[256];
        private int bodyLength;
        private byte[] bytes = new byte[256];
        private int size = -1;

        void reset() {
            columns = 0;
            bodyLength = 0;
            size = -1;
        }

        void nullValue() {
            type(0);
        }

        /** The smallest serial type SQLite itself uses for the value (0 and 1 have types of their own). */
        void integer(long i) {
            long u = i < 0 ? ~i : i;
            int len;
            if (u <= 127) {
                if (i == 0 || i == 1) {
                    type(8 + i);
                    return;
                }
                type(1);
                len = 1;
            } else if (u <= 32767) {
                type(2);
                len = 2;
            } else if (u <= 8388607) {
                type(3);
                len = 3;
            } else if (u <= 2147483647L) {
                type(4);
                len = 4;
            } else if (u <= 0x7FFFFFFFFFFFL) {
                type(5);
                len = 6;
            } else {
                type(6);
                len = 8;
            }
            room(len);
            for (int k = len - 1; k >= 0; k--) {
                body[bodyLength + k] = (byte) i;
                i >>= 8;
            }
            bodyLength += len;
        }

        void text(byte[] utf8) {
            type(13 + 2L * utf8.length);
            room(utf8.length);
            System.arraycopy(utf8, 0, body, bodyLength, utf8.length);
            bodyLength += utf8.length;
        }

        /** A blob of {@code b[from, from + length)}. */
        void blob(byte[] b, int from, int length) {
            type(12 + 2L * length);
            room(length);
            System.arraycopy(b, from, body, bodyLength, length);
            bodyLength += length;
        }

        private void type(long t) {
            if (columns == types.length) {
                types = Arrays.copyOf(types, columns * 2);
            }
            types[columns++] = t;
        }

        private void room(int n) {
            if (bodyLength + n > body.length) {
                body = Arrays.copyOf(body, Math.max(bodyLength + n, body.length * 2));
            }
        }

        /** The encoded record's length (header and body). */
        int size() {
            if (size < 0) {
                int typesLength = 0;
                for (int c = 0; c < columns; c++) {
                    typesLength += varintLength(types[c]);
                }
                // The header's size counts its own varint.
                int headerLength = typesLength + 1;
                if (varintLength(headerLength) > 1) {
                    headerLength = typesLength + varintLength(typesLength + 2);
                }
                size = headerLength + bodyLength;
                if (bytes.length < size) {
                    bytes = new byte[Math.max(size, bytes.length * 2)];
                }
                int p = putVarint(bytes, 0, headerLength);
                for (int c = 0; c < columns; c++) {
                    p = putVarint(bytes, p, types[c]);
                }
                System.arraycopy(body, 0, bytes, p, bodyLength);
            }
            return size;
        }

        /** The encoded record, valid up to {@link #size()}. */
        byte[] bytes() {
            size();
            return bytes;
        }
    }
}
