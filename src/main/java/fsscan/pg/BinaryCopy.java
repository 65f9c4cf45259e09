package fsscan.pg;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Rows in PostgreSQL's binary COPY format: a signature and header, then each row as its field
 * count and each field as its length (-1: NULL) and bytes, big-endian; a trailer of -1. Encoded
 * into one array of its own and handed on in 256 KiB blocks (a synchronized stream call per field
 * was a third of a publish's CPU).
 */
final class BinaryCopy implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 18];
    private int pos;

    BinaryCopy(OutputStream target) throws IOException {
        out = target;
        System.arraycopy(SIGNATURE, 0, buf, 0, SIGNATURE.length);
        pos = SIGNATURE.length;
        int32(0); // flags: no OIDs
        int32(0); // no header extension
    }

    private void room(int n) throws IOException {
        if (pos + n > buf.length) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    private void int32(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void row(int fields) throws IOException {
        room(2);
        buf[pos++] = (byte) (fields >>> 8);
        buf[pos++] = (byte) fields;
    }

    void int8(long v) throws IOException {
        room(12);
        int32(8);
        int32((int) (v >>> 32));
        int32((int) v);
    }

    void float8(double v) throws IOException {
        int8Raw(Double.doubleToRawLongBits(v));
    }

    private void int8Raw(long bits) throws IOException {
        room(12);
        int32(8);
        int32((int) (bits >>> 32));
        int32((int) bits);
    }

    void bytea(byte[] b) throws IOException {
        room(4);
        int32(b.length);
        if (b.length > buf.length - pos) {
            out.write(buf, 0, pos);
            pos = 0;
            out.write(b);
            return;
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void nullValue() throws IOException {
        room(4);
        int32(-1);
    }

    @Override
    public void close() throws IOException {
        room(2);
        buf[pos++] = (byte) 0xFF;
        buf[pos++] = (byte) 0xFF;
        out.write(buf, 0, pos);
        out.close();
    }
}
