package fsscan.pg;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Rows in PostgreSQL's binary COPY format: a signature and header, then each row as its field
 * count and each field as its length (-1: NULL) and bytes, big-endian; a trailer of -1. Encoded
 * into one array of its own and handed on in 256 KiB blocks (a synchronized stream call per field
 * was a third of a publish's CPU).
 */
final class BinaryCopy implements AutoCloseable {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
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
        INT.set(buf, pos, v);
        pos += 4;
    }

    void row(int fields) throws IOException {
        room(2);
        buf[pos++] = (byte) (fields >>> 8);
        buf[pos++] = (byte) fields;
    }

    void int8(long v) throws IOException {
        room(12);
        INT.set(buf, pos, 8);
        LONG.set(buf, pos + 4, v);
        pos += 12;
    }

    void float8(double v) throws IOException {
        int8(Double.doubleToRawLongBits(v));
    }

    void bytea(byte[] b) throws IOException {
        bytea(b, 0, b.length);
    }

    void bytea(byte[] b, int off, int len) throws IOException {
        room(4);
        int32(len);
        if (len > buf.length - pos) {
            out.write(buf, 0, pos);
            pos = 0;
            out.write(b, off, len);
            return;
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
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
