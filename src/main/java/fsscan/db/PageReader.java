package fsscan.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a table's rows straight from a SQLite file's b-tree pages, in key order, without SQLite:
 * the reverse of {@link BtreePages}, for a reader that goes through a whole table once (publish's
 * COPY stream), where a call into SQLite per value was most of the JVM's work. Only what the file
 * format document (https://sqlite.org/fileformat2.html) says: table b-trees (interior 5, leaf 13)
 * and index b-trees of WITHOUT ROWID tables (interior 2, leaf 10, whose interior cells are rows
 * too), overflow chains, records of serial types. A file this does not read as it expects (a
 * write-ahead log in use, reserved bytes, another text encoding, a page type out of place) is a
 * {@link Unreadable}; the caller reads it through SQLite instead.
 */
public final class PageReader implements AutoCloseable {

    /** The file is not one this reader reads: use SQLite. */
    public static final class Unreadable extends Exception {
        public Unreadable(String why) {
            super(why);
        }
    }

    /**
     * Receives each row: {@code rowid} (rowid tables; 0 otherwise) and its record, the first
     * {@code length} bytes of {@code record} (the reader's buffer, valid while the sink runs), to
     * decode itself or through {@link Row#set}.
     */
    public interface RowSink {
        void row(long rowid, byte[] record, int length) throws IOException, Unreadable;
    }

    /** Where a record's values are: its columns' serial types and offsets. */
    public static final class Row {
        private final long[] types = new long[64];
        private final int[] offsets = new int[64];
        private int columns;

        /** Reads the header of the record in the first {@code len} bytes of {@code src}. */
        public void set(byte[] src, int len) throws Unreadable {
            int[] pos = {0};
            long headerSize = varint(src, pos);
            if (headerSize > len) {
                throw new Unreadable("a record's header is longer than the record");
            }
            long body = headerSize;
            columns = 0;
            while (pos[0] < headerSize) {
                if (columns == types.length) {
                    throw new Unreadable("a record of more than " + types.length + " columns");
                }
                long t = varint(src, pos);
                types[columns] = t;
                offsets[columns++] = (int) Math.min(body, Integer.MAX_VALUE);
                body += valueSize(t);
            }
            if (body > len) {
                throw new Unreadable("a record's values are longer than the record");
            }
        }

        public int columns() {
            return columns;
        }

        /** Column {@code c}'s serial type (0, NULL, past the record's last column). */
        public long type(int c) {
            return c < columns ? types[c] : 0;
        }

        /** Where column {@code c}'s value starts in the record, and its length. */
        public int offset(int c) {
            return c < columns ? offsets[c] : 0;
        }

        public int length(int c) {
            return (int) valueSize(type(c));
        }

    }

    /** The file is mapped in segments of 2^30 bytes (a whole number of pages of any size). */
    static final int SEGMENT_BITS = 30;

    private final FileChannel ch;
    private final int pageSize;
    private final long pages;
    /** The file's segments, each mapped when a page in it is first read. */
    private final MappedByteBuffer[] segments;
    private final int segmentBits;

    private PageReader(FileChannel ch, int pageSize, long pages, int segmentBits) {
        this.ch = ch;
        this.pageSize = pageSize;
        this.pages = pages;
        this.segmentBits = segmentBits;
        this.segments = new MappedByteBuffer[(int) ((pages * pageSize + (1L << segmentBits) - 1) >>> segmentBits)];
    }

    /** Opens {@code file} for reading pages, or says why it cannot be read this way. */
    public static PageReader open(Path file) throws IOException, Unreadable {
        return open(file, SEGMENT_BITS);
    }

    /** {@link #open(Path)} with segments of 2^{@code segmentBits} bytes (at least a page: tests map small files in several). */
    static PageReader open(Path file, int segmentBits) throws IOException, Unreadable {
        if (Files.exists(Path.of(file + "-wal"))) {
            throw new Unreadable("a write-ahead log is beside it");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer h = ByteBuffer.allocate(100);
            ch.read(h, 0);
            int size = Short.toUnsignedInt(h.getShort(16));
            int pageSize = size == 1 ? 65536 : size;
            if (h.get(18) != 1 || h.get(19) != 1) {
                throw new Unreadable("not in rollback-journal mode");
            }
            if (h.get(20) != 0) {
                throw new Unreadable("reserved bytes at the end of each page");
            }
            if (h.getInt(56) != 1) {
                throw new Unreadable("text not in UTF-8");
            }
            if (segmentBits < Integer.numberOfTrailingZeros(pageSize)) {
                throw new IllegalArgumentException("segments smaller than a page");
            }
            PageReader r = new PageReader(ch, pageSize, ch.size() / pageSize, segmentBits);
            ch = null;
            return r;
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * Page {@code number}, copied out of the file's mapping: a copy of memory instead of a read
     * call (and the JDK's copy through a buffer of its own) for each of a table's pages.
     */
    private ByteBuffer page(long number) throws IOException, Unreadable {
        if (number < 2 || number > pages) {
            throw new Unreadable("a page number out of the file: " + number);
        }
        long at = (number - 1) * (long) pageSize;
        int s = (int) (at >>> segmentBits);
        MappedByteBuffer segment = segments[s];
        if (segment == null) {
            long start = (long) s << segmentBits;
            segment = segments[s] = ch.map(FileChannel.MapMode.READ_ONLY, start,
                    Math.min(1L << segmentBits, pages * pageSize - start));
        }
        byte[] b = new byte[pageSize];
        try {
            segment.get((int) (at & ((1L << segmentBits) - 1)), b, 0, pageSize);
        } catch (InternalError e) {
            // What the JVM makes of a page that is no longer there: the file was cut short meanwhile.
            throw new IOException("the database file changed while it was read (page " + number + ")", e);
        }
        return ByteBuffer.wrap(b);
    }

    /** Every row of the b-tree rooted at {@code root}, in key order. */
    public void scan(int root, RowSink sink) throws IOException, Unreadable {
        byte[] payload = new byte[1024];
        // Pages to visit, as (page, next cell): a stack of the path from the root down.
        long[] stackPage = new long[64];
        int[] stackCell = new int[64];
        ByteBuffer[] stackBuf = new ByteBuffer[64];
        stackPage[0] = root;
        stackBuf[0] = page(root);
        int sp = 1;
        int kind = stackBuf[0].get(0);
        boolean table = kind == 5 || kind == 13;
        if (!table && kind != 2 && kind != 10) {
            throw new Unreadable("page " + root + " is not the root of a b-tree");
        }
        int maxLocal = table ? pageSize - 35 : (pageSize - 12) * 64 / 255 - 23;
        int minLocal = (pageSize - 12) * 32 / 255 - 23;
        int[] pos = new int[1];
        while (sp > 0) {
            ByteBuffer p = stackBuf[sp - 1];
            int type = p.get(0);
            boolean leaf = type == 13 || type == 10;
            if (table ? type != 13 && type != 5 : type != 10 && type != 2) {
                throw new Unreadable("page " + stackPage[sp - 1] + " of type " + type + " inside another kind of b-tree");
            }
            int header = leaf ? 8 : 12;
            int cells = Short.toUnsignedInt(p.getShort(3));
            int c = stackCell[sp - 1];
            if (c > cells || (leaf && c == cells)) {
                sp--;
                continue;
            }
            if (leaf) {
                leaf(p, c, cells, table, maxLocal, minLocal, sink, payload, pos);
                sp--;
                continue;
            }
            // Interior: child c (the right-most when c == cells); an index's interior cell is a row
            // too, emitted after its left child's subtree.
            stackCell[sp - 1] = c + 1;
            long child;
            if (c == cells) {
                child = Integer.toUnsignedLong(p.getInt(8));
            } else {
                int at = Short.toUnsignedInt(p.getShort(header + 2 * c));
                child = Integer.toUnsignedLong(p.getInt(at));
            }
            if (!table && c > 0) {
                int prev = Short.toUnsignedInt(p.getShort(header + 2 * (c - 1)));
                readCell(p, prev + 4, false, maxLocal, minLocal, sink, payload, pos);
            }
            if (sp == stackPage.length) {
                throw new Unreadable("a b-tree deeper than " + stackPage.length);
            }
            stackPage[sp] = child;
            stackBuf[sp] = page(child);
            stackCell[sp] = 0;
            sp++;
        }
    }

    /**
     * The cells of a leaf from {@code c} on: a method of its own, called once a leaf, so that the
     * JIT compiles this loop by itself instead of the whole walk on the stack (a large compile
     * while the copy runs).
     */
    private void leaf(ByteBuffer p, int c, int cells, boolean table, int maxLocal, int minLocal,
                      RowSink sink, byte[] payload, int[] pos) throws IOException, Unreadable {
        for (; c < cells; c++) {
            int at = Short.toUnsignedInt(p.getShort(8 + 2 * c));
            readCell(p, at, table, maxLocal, minLocal, sink, payload, pos);
        }
    }

    /** Reads the cell at {@code at} (past an interior cell's child pointer) and gives its row to the sink. */
    private void readCell(ByteBuffer p, int at, boolean table, int maxLocal, int minLocal,
                          RowSink sink, byte[] payloadBuf, int[] pos) throws IOException, Unreadable {
        byte[] page = p.array();
        pos[0] = at;
        long size = varint(page, pos);
        long rowid = 0;
        if (table) {
            rowid = varint(page, pos);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new Unreadable("a payload of " + size + " bytes");
        }
        int payload = (int) size;
        int local = payload;
        if (payload > maxLocal) {
            int k = minLocal + (payload - minLocal) % (pageSize - 4);
            local = k <= maxLocal ? k : minLocal;
        }
        byte[] buf = payloadBuf.length >= payload ? payloadBuf : new byte[payload];
        if (pos[0] + local > pageSize) {
            throw new Unreadable("a cell past the end of its page");
        }
        System.arraycopy(page, pos[0], buf, 0, local);
        if (local < payload) {
            long next = Integer.toUnsignedLong(p.getInt(pos[0] + local));
            int done = local;
            while (done < payload) {
                ByteBuffer o = page(next);
                int n = Math.min(pageSize - 4, payload - done);
                System.arraycopy(o.array(), 4, buf, done, n);
                done += n;
                next = Integer.toUnsignedLong(o.getInt(0));
            }
        }
        sink.row(rowid, buf, payload);
    }

    /** The size in a record of a value of serial type {@code t}. */
    public static long valueSize(long t) {
        if (t >= 12) {
            return (t - 12) / 2;
        }
        return switch ((int) t) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 6;
            case 6, 7 -> 8;
            default -> 0;
        };
    }

    /** SQLite's varint at {@code pos[0]}, which it moves past. */
    public static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int x = b[pos[0]++] & 0xFF;
            v = (v << 7) | (x & 0x7F);
            if (x < 0x80) {
                return v;
            }
        }
        return (v << 8) | (b[pos[0]++] & 0xFF);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
