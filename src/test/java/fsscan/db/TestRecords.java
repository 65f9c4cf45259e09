package fsscan.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Rows of Java values as records, for the page tests. */
final class TestRecords {

    private TestRecords() {
    }

    /** A value as SQLite stores it: null, Integer or Long, String (UTF-8 text), byte[] (blob). */
    static void value(BtreePages.Record r, Object v) {
        if (v == null) {
            r.nullValue();
        } else if (v instanceof Long l) {
            r.integer(l);
        } else if (v instanceof Integer i) {
            r.integer(i);
        } else if (v instanceof String s) {
            r.text(s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[] b) {
            r.blob(b, 0, b.length);
        } else {
            throw new IllegalArgumentException("no SQLite type for " + v.getClass());
        }
    }

    /** Rows flattened column by column, column 0 the rowid (the INTEGER PRIMARY KEY, NULL in the record). */
    static void addAll(RowidPages pages, Object[] rows, int columns) throws IOException {
        BtreePages.Record r = new BtreePages.Record();
        for (int i = 0; i < rows.length; i += columns) {
            r.reset();
            r.nullValue();
            for (int c = 1; c < columns; c++) {
                value(r, rows[i + c]);
            }
            pages.add(((Number) rows[i]).longValue(), r);
        }
    }
}
