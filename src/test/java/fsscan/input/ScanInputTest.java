package fsscan.input;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The stream-to-channel adapter the reader uses: every byte once, in order, into any buffer. */
class ScanInputTest {

    private static byte[] drain(ReadableByteChannel ch, ByteBuffer buf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            buf.clear();
            buf.position(3); // a buffer that is partly filled already
            int n = ch.read(buf);
            if (n < 0) {
                return out.toByteArray();
            }
            assertEquals(buf.position() - 3, n);
            buf.flip();
            buf.position(3);
            byte[] got = new byte[buf.remaining()];
            buf.get(got);
            out.writeBytes(got);
        }
    }

    @Test
    void heapAndDirectBuffersGetEveryByte() throws Exception {
        byte[] data = new byte[300_001];
        new Random(3).nextBytes(data);
        assertArrayEquals(data, drain(ScanInput.channel(new ByteArrayInputStream(data)), ByteBuffer.allocate(65_536)));
        assertArrayEquals(data, drain(ScanInput.channel(new ByteArrayInputStream(data)), ByteBuffer.allocateDirect(10_000)));
        ReadableByteChannel ch = ScanInput.channel(new ByteArrayInputStream(data));
        assertEquals(0, ch.read(ByteBuffer.allocate(0)));
        ch.close();
        assertFalse(ch.isOpen());
    }
}
