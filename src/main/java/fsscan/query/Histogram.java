package fsscan.query;

import java.util.HashMap;
import java.util.Map;

/** Files and allocated bytes per bucket (access age or file size), in all and per uid. */
public record Histogram(long[] files, long[] bytes, Map<Long, long[]> userFiles, Map<Long, long[]> userBytes) {

    public static Histogram empty(int buckets) {
        return new Histogram(new long[buckets], new long[buckets], new HashMap<>(), new HashMap<>());
    }

    /** Adds one owner's cell: its files and bytes per bucket. */
    public void add(long uid, long[] cellFiles, long[] cellBytes) {
        long[] uf = userFiles.computeIfAbsent(uid, k -> new long[files.length]);
        long[] ub = userBytes.computeIfAbsent(uid, k -> new long[files.length]);
        for (int b = 0; b < files.length; b++) {
            files[b] += cellFiles[b];
            bytes[b] += cellBytes[b];
            uf[b] += cellFiles[b];
            ub[b] += cellBytes[b];
        }
    }

    /** Adds another scan's histogram. */
    public void add(Histogram other) {
        other.userFiles.forEach((uid, f) -> add(uid, f, other.userBytes.get(uid)));
    }

    public long totalFiles() {
        long s = 0;
        for (long v : files) {
            s += v;
        }
        return s;
    }

    public long totalBytes() {
        long s = 0;
        for (long v : bytes) {
            s += v;
        }
        return s;
    }
}
