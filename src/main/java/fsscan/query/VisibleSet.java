package fsscan.query;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The directories of one scan a {@link Viewer} may see, as sorted ids, and the ones they may not
 * (a query names whichever list is shorter). Visible sets are closed upwards: a directory's
 * parent is visible whenever it is, so a walk from the roots that skips what is hidden never
 * misses a visible directory.
 */
public record VisibleSet(long[] visible, long[] hidden) {

    public boolean contains(long id) {
        return Arrays.binarySearch(visible, id) >= 0;
    }

    public boolean all() {
        return hidden.length == 0;
    }

    public boolean none() {
        return visible.length == 0;
    }

    /** Longs held, for the cache's bound. */
    long size() {
        return visible.length + (long) hidden.length;
    }

    private static final long MAX_HELD = 16_000_000; // 128 MB of ids
    private static final Map<String, VisibleSet> CACHE = new LinkedHashMap<>(64, 0.75f, true);
    private static long held;

    /**
     * The set for {@code key} (a scan's identity, which changes when the file is replaced, and the
     * viewer's key), computed once and kept while the cache holds under 16 million ids, least
     * recently used dropped first.
     */
    public static VisibleSet cached(String key, Supplier<VisibleSet> compute) {
        synchronized (CACHE) {
            VisibleSet s = CACHE.get(key);
            if (s != null) {
                return s;
            }
        }
        VisibleSet s = compute.get();
        synchronized (CACHE) {
            if (CACHE.putIfAbsent(key, s) == null) {
                held += s.size();
                var it = CACHE.entrySet().iterator();
                while (held > MAX_HELD && CACHE.size() > 1 && it.hasNext()) {
                    var e = it.next();
                    held -= e.getValue().size();
                    it.remove();
                }
            }
        }
        return s;
    }
}
