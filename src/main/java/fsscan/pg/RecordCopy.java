package fsscan.pg;

import fsscan.db.PageReader;

import java.io.IOException;

/**
 * SQLite records, as {@link PageReader} finds them, encoded as binary COPY rows of a table whose
 * declared columns are {@code kind}: each record's header and values read once, in one pass, and
 * written as they are read (values in the record's own order when it is the table's, the case of
 * every table fsscan writes; otherwise through {@link PageReader.Row}). A value that is not of
 * its column's type, a NULL in a NOT NULL column, or a record shorter than the table is
 * {@link PageReader.Unreadable}: the caller reads the table through SQLite instead.
 */
final class RecordCopy implements PageReader.RowSink {

    /** Column kinds: the rowid (NULL in the record), INTEGER, REAL, TEXT, BLOB. */
    static final int ROWID = -1;
    static final int INTEGER = 0;
    static final int REAL = 1;
    static final int TEXT = 2;
    static final int BLOB = 3;

    private final BinaryCopy out;
    private final int[] kind;
    private final boolean[] notNull;
    private final String[] names;
    /** Where each column is in the record; null when it is in the table's order. */
    private final int[] at;
    private final PageReader.Row row = new PageReader.Row();
    private final int[] pos = new int[1];
    private long rows;

    RecordCopy(BinaryCopy out, int[] kind, boolean[] notNull, String[] names, int[] at) {
        this.out = out;
        this.kind = kind;
        this.notNull = notNull;
        this.names = names;
        boolean inOrder = true;
        for (int i = 0; i < at.length; i++) {
            inOrder &= at[i] == i;
        }
        this.at = inOrder ? null : at;
    }

    long rows() {
        return rows;
    }

    @Override
    public void row(long rowid, byte[] d, int length) throws IOException, PageReader.Unreadable {
        if (at == null) {
            inOrder(rowid, d, length);
        } else {
            reordered(rowid, d, length);
        }
        rows++;
    }

    private void inOrder(long rowid, byte[] d, int length) throws IOException, PageReader.Unreadable {
        pos[0] = 0;
        long headerSize = PageReader.varint(d, pos);
        if (headerSize > length) {
            throw new PageReader.Unreadable("a record's header is longer than the record");
        }
        int header = (int) headerSize;
        int body = header;
        int n = kind.length;
        out.row(n);
        for (int i = 0; i < n; i++) {
            if (pos[0] >= header) {
                throw new PageReader.Unreadable("a record shorter than its table");
            }
            long t = PageReader.varint(d, pos);
            long size = PageReader.valueSize(t);
            if (body + size > length) {
                throw new PageReader.Unreadable("a record's values are longer than the record");
            }
            value(i, t, d, body, (int) size, rowid);
            body += size;
        }
    }

    private void reordered(long rowid, byte[] d, int length) throws IOException, PageReader.Unreadable {
        row.set(d, length);
        int n = kind.length;
        if (row.columns() < n) {
            throw new PageReader.Unreadable("a record shorter than its table");
        }
        out.row(n);
        for (int i = 0; i < n; i++) {
            int c = at[i];
            value(i, row.type(c), d, row.offset(c), row.length(c), rowid);
        }
    }

    /** Column {@code i}'s value, of serial type {@code t}, at {@code from} in {@code d}. */
    private void value(int i, long t, byte[] d, int from, int size, long rowid) throws IOException, PageReader.Unreadable {
        int k = kind[i];
        if (k == ROWID) {
            out.int8(rowid);
        } else if (t == 0) {
            if (notNull[i]) {
                throw new PageReader.Unreadable("a NULL in a NOT NULL column");
            }
            out.nullValue();
        } else if (k == INTEGER) {
            if (!isInteger(t)) {
                throw new PageReader.Unreadable(names[i] + " holds a value that is not an integer");
            }
            out.int8(integer(t, d, from, size));
        } else if (k == REAL) {
            if (t == 7) {
                out.float8(Double.longBitsToDouble(integer(6, d, from, 8)));
            } else if (isInteger(t)) {
                out.float8((double) integer(t, d, from, size));
            } else {
                throw new PageReader.Unreadable(names[i] + " holds a value that is not a number");
            }
        } else {
            if (k == BLOB ? t < 12 || (t & 1) != 0 : t < 13 || (t & 1) != 1) {
                throw new PageReader.Unreadable(names[i] + " holds a value of another type");
            }
            out.bytea(d, from, size);
        }
    }

    private static boolean isInteger(long t) {
        return t >= 1 && t <= 6 || t == 8 || t == 9;
    }

    /** A big-endian two's complement integer of {@code size} bytes (serial types 1-6), or 0 and 1 (8, 9). */
    private static long integer(long t, byte[] d, int from, int size) {
        if (t >= 8) {
            return t - 8;
        }
        long v = d[from]; // sign-extended first byte
        for (int i = 1; i < size; i++) {
            v = (v << 8) | (d[from + i] & 0xFF);
        }
        return v;
    }
}
