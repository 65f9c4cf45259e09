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

    /** The buckets as the first edge a value does not reach: at, just before and just after every edge. */
    @Test
    void bucketsAreTheFirstEdgeNotReached() {
        long[] sizeEdges = {1L << 10, 10L << 10, 100L << 10, 1L << 20, 10L << 20, 100L << 20, 1L << 30, 10L << 30, 100L << 30};
        java.util.List<Long> sizes = new java.util.ArrayList<>(java.util.List.of(0L, 1L, Long.MAX_VALUE));
        for (long e : sizeEdges) {
            sizes.addAll(java.util.List.of(e - 1, e, e + 1));
        }
        for (long size : sizes) {
            int expected = 0;
            while (expected < sizeEdges.length && size >= sizeEdges[expected]) {
                expected++;
            }
            assertEquals(expected, Buckets.sizeBucket(size), "size " + size);
        }
        java.time.LocalDate scan = java.time.LocalDate.of(2026, 1, 11);
        Buckets b = Buckets.forScanDate(scan);
        int[] months = {1, 3, 6, 12, 24, 36, 48, 60, 72, 84};
        java.util.List<Long> times = new java.util.ArrayList<>(java.util.List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE + 1,
                scan.toEpochDay() * 86400));
        for (int m : months) {
            long e = scan.minusMonths(m).toEpochDay() * 86400;
            times.addAll(java.util.List.of(e - 1, e, e + 1));
        }
        for (long t : times) {
            int expected = 0;
            while (expected < months.length && t <= scan.minusMonths(months[expected]).toEpochDay() * 86400) {
                expected++;
            }
            assertEquals(expected, b.ageBucket(t), "access time " + t);
        }
        assertEquals(Buckets.UNKNOWN_AGE, b.ageBucket(fsscan.scan.LineParser.UNKNOWN_TIME));
    }
}
