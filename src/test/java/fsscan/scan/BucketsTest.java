package fsscan.scan;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BucketsTest {

    @Test
    void anEncodedHistogramDecodesToTheSameFiguresWhateverTheirSize() {
        int n = Buckets.SIZE_LABELS.size();
        long[] files = new long[n];
        long[] bytes = new long[n];
        files[0] = 1;
        bytes[0] = 0;
        files[2] = 127;
        bytes[2] = 128;
        files[n - 1] = Long.MAX_VALUE;
        bytes[n - 1] = -1; // the widest varint there is: ten bytes
        byte[] encoded = Buckets.encode(files, bytes);
        // bucket, files, bytes: 1+1+1, 1+1+2, 1+9+10
        assertEquals(3 + 4 + 20, encoded.length);
        long[] f = new long[n];
        long[] b = new long[n];
        Buckets.addDecoded(encoded, f, b);
        assertArrayEquals(files, f);
        assertArrayEquals(bytes, b);
    }

    @Test
    void anEmptyHistogramIsNoBytes() {
        assertEquals(0, Buckets.encode(new long[4], new long[4]).length);
    }
}
