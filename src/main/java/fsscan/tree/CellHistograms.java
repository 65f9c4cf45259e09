package fsscan.tree;

import fsscan.scan.Buckets;
import fsscan.scan.FileGroups;

import java.util.Arrays;

/**
 * The age and size histograms of each (directory, uid, gid) cell: only non-empty buckets, chained
 * per cell in flat arrays (about six entries per cell, 21 bytes each).
 */
final class CellHistograms {

    private int[] first = filled(1024);
    private int entries;
    private int[] next = new int[1024];
    private byte[] key = new byte[1024];
    private long[] files = new long[1024];
    private long[] bytes = new long[1024];

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    void add(int cell, int bucketKey, long fileCount, long byteCount) {
        if (cell >= first.length) {
            int old = first.length;
            first = Arrays.copyOf(first, Math.max(cell + 1, old * 2));
            Arrays.fill(first, old, first.length, -1);
        }
        int e = first[cell];
        while (e >= 0 && key[e] != bucketKey) {
            e = next[e];
        }
        if (e < 0) {
            if (entries == key.length) {
                int n = entries * 2;
                next = Arrays.copyOf(next, n);
                key = Arrays.copyOf(key, n);
                files = Arrays.copyOf(files, n);
                bytes = Arrays.copyOf(bytes, n);
            }
            e = entries++;
            key[e] = (byte) bucketKey;
            next[e] = first[cell];
            first[cell] = e;
        }
        files[e] += fileCount;
        bytes[e] += byteCount;
    }

    /** The cell's two histograms as stored: {age, size} (see {@link Buckets#encode}). */
    byte[][] encode(int cell) {
        long[] ageFiles = new long[Buckets.AGE_LABELS.size()];
        long[] ageBytes = new long[ageFiles.length];
        long[] sizeFiles = new long[Buckets.SIZE_LABELS.size()];
        long[] sizeBytes = new long[sizeFiles.length];
        for (int e = cell < first.length ? first[cell] : -1; e >= 0; e = next[e]) {
            if (key[e] >= FileGroups.SIZE_KEY) {
                sizeFiles[key[e] - FileGroups.SIZE_KEY] += files[e];
                sizeBytes[key[e] - FileGroups.SIZE_KEY] += bytes[e];
            } else {
                ageFiles[key[e]] += files[e];
                ageBytes[key[e]] += bytes[e];
            }
        }
        return new byte[][] {Buckets.encode(ageFiles, ageBytes), Buckets.encode(sizeFiles, sizeBytes)};
    }

    long heapBytes() {
        return 4L * first.length + 21L * key.length;
    }
}
