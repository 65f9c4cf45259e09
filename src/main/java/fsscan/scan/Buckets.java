package fsscan.scan;

import java.time.LocalDate;
import java.util.List;

/**
 * Access-age and file-size buckets of the histograms. Ages count back from the scan date in
 * calendar months and years; a bucket holds its older edge, so a file read exactly one year
 * before the scan date is "1-2 years" old, and one read after the scan date is "< 1 month".
 * Sizes are allocated bytes in factors of ten from 1 KiB; a file of exactly 1024 bytes is "1-10 KiB".
 */
public final class Buckets {

    public static final List<String> AGE_LABELS = List.of("< 1 month", "1-3 months", "3-6 months", "6-12 months",
            "1-2 years", "2-3 years", "3-4 years", "4-5 years", "5-6 years", "6-7 years", "7+ years", "unknown");
    public static final List<String> SIZE_LABELS = List.of("0-1 KiB", "1-10 KiB", "10-100 KiB", "100 KiB-1 MiB",
            "1-10 MiB", "10-100 MiB", "100 MiB-1 GiB", "1-10 GiB", "10-100 GiB", "100 GiB+");
    public static final int UNKNOWN_AGE = 11;
    private static final long[] SIZE_EDGES = {1L << 10, 10L << 10, 100L << 10, 1L << 20, 10L << 20, 100L << 20,
        1L << 30, 10L << 30, 100L << 30};

    /** Seconds since 1970 of each age edge: 1, 3, 6 months, 1 ... 7 years before the scan date. */
    private final long[] ageEdges;

    private Buckets(long[] ageEdges) {
        this.ageEdges = ageEdges;
    }

    /** Buckets for a scan taken on {@code scanDate} (its midnight, on the scan's clock). */
    public static Buckets forScanDate(LocalDate scanDate) {
        long[] edges = new long[10];
        int[] months = {1, 3, 6, 12, 24, 36, 48, 60, 72, 84};
        for (int i = 0; i < months.length; i++) {
            edges[i] = scanDate.minusMonths(months[i]).toEpochDay() * 86400;
        }
        return new Buckets(edges);
    }

    public int ageBucket(long accessTime) {
        if (accessTime == LineParser.UNKNOWN_TIME) {
            return UNKNOWN_AGE;
        }
        // Ages are half-open, [1 year, 2 years): a file read exactly at an edge is the older bucket's.
        // The edges go back in time, so the ones at or after the access time come first: their
        // count is the bucket. Counted with no branch on the time (a loop that stops at the
        // bucket mispredicts its exit for most files).
        int b = 0;
        for (long edge : ageEdges) {
            b += accessTime <= edge ? 1 : 0;
        }
        return b;
    }

    /** The size bucket: how many edges the size reaches (they ascend), counted with no branch on it. */
    public static int sizeBucket(long allocatedBytes) {
        int b = 0;
        for (long edge : SIZE_EDGES) {
            b += allocatedBytes >= edge ? 1 : 0;
        }
        return b;
    }

    /**
     * A histogram as stored in the database: for each non-empty bucket in bucket order, three
     * unsigned LEB128 varints (bucket, files, bytes). Empty histogram: zero bytes.
     */
    public static byte[] encode(long[] files, long[] bytes) {
        // At most 10 bytes a varint, three a bucket: encoded into one array, then cut to length
        // (a stream's synchronized write per byte was most of a histogram's cost).
        int used = 0;
        for (long f : files) {
            if (f != 0) {
                used++;
            }
        }
        byte[] out = new byte[used * 30];
        int pos = 0;
        for (int b = 0; b < files.length; b++) {
            if (files[b] != 0) {
                pos = varint(out, pos, b);
                pos = varint(out, pos, files[b]);
                pos = varint(out, pos, bytes[b]);
            }
        }
        return java.util.Arrays.copyOf(out, pos);
    }

    /** Adds an encoded histogram into {@code files} and {@code bytes}. */
    public static void addDecoded(byte[] encoded, long[] files, long[] bytes) {
        int[] pos = {0};
        while (pos[0] < encoded.length) {
            int b = (int) readVarint(encoded, pos);
            files[b] += readVarint(encoded, pos);
            bytes[b] += readVarint(encoded, pos);
        }
    }

    /** Writes {@code v} as an unsigned LEB128 varint at {@code out[pos]}; returns the position after it. */
    public static int varint(byte[] out, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            out[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }

    private static long readVarint(byte[] in, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte b = in[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
            shift += 7;
        }
    }
}
