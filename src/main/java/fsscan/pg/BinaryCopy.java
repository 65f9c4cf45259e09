package fsscan.pg;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Rows in PostgreSQL's binary COPY format: a signature and header, then each row as its field
 * count and each field as its length (-1: NULL) and bytes, big-endian; a trailer of -1.
 */
final class BinaryCopy implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final DataOutputStream out;

    BinaryCopy(OutputStream target) throws IOException {
        out = new DataOutputStream(new java.io.BufferedOutputStream(target, 1 << 16));
        out.write(SIGNATURE);
        out.writeInt(0); // flags: no OIDs
        out.writeInt(0); // no header extension
    }

    void row(int fields) throws IOException {
        out.writeShort(fields);
    }

    void int8(long v) throws IOException {
        out.writeInt(8);
        out.writeLong(v);
    }

    void float8(double v) throws IOException {
        out.writeInt(8);
        out.writeDouble(v);
    }

    void text(String s) throws IOException {
        bytea(s.getBytes(StandardCharsets.UTF_8));
    }

    void bytea(byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    void nullValue() throws IOException {
        out.writeInt(-1);
    }

    @Override
    public void close() throws IOException {
        out.writeShort(-1);
        out.close();
    }
}
