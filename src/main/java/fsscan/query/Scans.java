package fsscan.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The query engine: the scans a question is about, and every answer as plain records. Several
 * scans are merged exactly (sorted with the same comparator as one scan's SQL, then limited over
 * the union); names are resolved in one place ({@link OwnerNames}). Nothing here knows SQL: each
 * scan is a {@link ScanStore} of whatever backend opened it.
 */
public final class Scans implements AutoCloseable {

    /** Opens one scan in a backend by its key (SQLite: a file path; PostgreSQL: a file system name). */
    @FunctionalInterface
    public interface Opener {
        ScanStore open(String key) throws Exception;
    }

    private final List<ScanStore> stores;
    private final OwnerNames names;

    private Scans(List<ScanStore> stores, OwnerNames names) {
        this.stores = List.copyOf(stores);
        this.names = names;
    }

    public static Scans of(List<ScanStore> stores) throws Exception {
        return of(stores, NameService.system());
    }

    public static Scans of(List<ScanStore> stores, NameService names) throws Exception {
        return new Scans(stores, OwnerNames.of(stores, names));
    }

    /**
     * Opens the chosen files. One the user named that cannot be read is an error; of {@code all},
     * such a file (not an fsscan database, damaged, another's) is skipped and said to {@code warn}.
     */
    public static Scans open(Catalog.Choice choice, Opener opener, Consumer<String> warn, NameService names) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Path f : choice.files()) {
            keys.add(f.toString());
        }
        return open(keys, choice.named(), opener, warn, names);
    }

    /** The same for any backend's keys; {@code named}: the user named them, so none is skipped. */
    public static Scans open(List<String> keys, boolean named, Opener opener, Consumer<String> warn, NameService names)
            throws Exception {
        List<ScanStore> stores = new ArrayList<>();
        try {
            for (String key : keys) {
                try {
                    stores.add(opener.open(key));
                } catch (QueryException e) {
                    if (named) {
                        throw e;
                    }
                    warn.accept("skipping " + key + ": " + e.getMessage());
                }
            }
            if (stores.isEmpty()) {
                throw new QueryException("no fsscan scan could be read: " + keys);
            }
            return of(stores, names);
        } catch (Exception e) {
            for (ScanStore s : stores) {
                s.close();
            }
            throw e;
        }
    }

    /**
     * These scans as a viewer sees them (null: an administrator, everything): every answer of the
     * result is computed over the directories the viewer may see, and names no other. The result
     * shares this one's stores: close one of the two.
     */
    public Scans seenBy(Viewer viewer) {
        if (viewer == null) {
            return this;
        }
        List<ScanStore> seen = new ArrayList<>();
        for (ScanStore s : stores) {
            seen.add(new SeenBy(s, viewer));
        }
        return new Scans(seen, names);
    }

    public List<ScanStore> stores() {
        return stores;
    }

    public OwnerNames names() {
        return names;
    }

    /** The query with its owners given as numbers or names (-u, -g) resolved. */
    public Query withOwners(Query query, List<String> users, List<String> groups) {
        List<Long> uids = new ArrayList<>(query.conditions().uids());
        List<Long> gids = new ArrayList<>(query.conditions().gids());
        uids.addAll(names.ids(users, false));
        gids.addAll(names.ids(groups, true));
        return query.withOwners(uids, gids);
    }

    /** The directories the query keeps in every scan, in the sort's order, at most {@code limit} (0: all). */
    public List<DirectoryRow> list(Query query, Sort sort, boolean reverse, int limit) throws Exception {
        List<DirectoryRow> all = new ArrayList<>();
        // Each scan's first `limit` rows in the same order hold the union's first `limit`.
        for (ScanStore s : stores) {
            all.addAll(s.list(query, sort, reverse, limit));
        }
        if (stores.size() > 1) {
            all.sort(sort.comparator(reverse));
        }
        return limit > 0 && all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all;
    }

    /** Per-owner totals over every scan, largest first (then most files, then id); all of them. */
    public List<OwnerRow> ownerTotals(Query query, boolean byGroup, boolean reverse) throws Exception {
        Map<Long, long[]> sums = new HashMap<>();
        Map<Long, Long> newest = new HashMap<>();
        for (ScanStore s : stores) {
            for (OwnerRow o : s.ownerTotals(query, byGroup)) {
                long[] t = sums.computeIfAbsent(o.id(), k -> new long[4]);
                t[0] += o.files();
                t[1] += o.totalSize();
                t[2] += o.logicalSize();
                t[3] += o.directories();
                if (o.maxAtime() != null) {
                    newest.merge(o.id(), o.maxAtime(), Math::max);
                }
            }
        }
        List<OwnerRow> rows = new ArrayList<>();
        sums.forEach((id, t) -> rows.add(new OwnerRow(id, t[0], t[1], t[2], t[3], newest.get(id))));
        Comparator<OwnerRow> c = Comparator.comparingLong(OwnerRow::totalSize).thenComparingLong(OwnerRow::files);
        rows.sort((reverse ? c : c.reversed()).thenComparingLong(OwnerRow::id));
        return rows;
    }

    /** The histogram of every scan's files in scope, of these users only when not empty. */
    public Histogram histogram(Scope scope, List<Long> uids, boolean bySize) throws Exception {
        int buckets = bySize ? fsscan.scan.Buckets.SIZE_LABELS.size() : fsscan.scan.Buckets.AGE_LABELS.size();
        Histogram total = Histogram.empty(buckets);
        for (ScanStore s : stores) {
            total.add(s.histogram(scope, uids, bySize));
        }
        return total;
    }

    /** The paths of the scope that name nothing in any of the scans (a typo, a path users know by another name). */
    public List<String> unknownPlaces(Scope scope) throws Exception {
        List<String> unknown = new ArrayList<>();
        List<String> places = new ArrayList<>(scope.prefixes());
        places.addAll(scope.excludes());
        for (String p : places) {
            boolean found = false;
            for (ScanStore s : stores) {
                found |= s.covers(p);
            }
            if (!found) {
                unknown.add(p);
            }
        }
        return unknown;
    }

    /** Directories the query keeps in every scan. */
    public long count(Query query) throws Exception {
        long n = 0;
        for (ScanStore s : stores) {
            n += s.count(query);
        }
        return n;
    }

    /** {size, files} of the scope in every scan. */
    public long[] scopeTotals(Scope scope) throws Exception {
        long[] t = new long[2];
        for (ScanStore s : stores) {
            long[] one = s.scopeTotals(scope);
            t[0] += one[0];
            t[1] += one[1];
        }
        return t;
    }

    public List<Summary> summaries() throws Exception {
        List<Summary> out = new ArrayList<>();
        for (ScanStore s : stores) {
            out.add(s.summary());
        }
        return out;
    }

    /** What changed between two scans, directory by directory (see {@link ScanDiff}). */
    public static ScanDiff.Result diff(ScanStore older, ScanStore newer, Scope scope, ScanDiff.Order order, int limit)
            throws Exception {
        String prefix = scope.prefixes().isEmpty() ? null : scope.prefixes().get(0);
        return ScanDiff.compare(older, newer, prefix, scope.minDepth(), scope.maxDepth(), order, limit);
    }

    /** One owner's totals in two scans over the same scope. */
    public record OwnerChange(long id, ScanDiff.Status status, long oldSize, long newSize, long oldFiles, long newFiles) {
        public long sizeChange() {
            return newSize - oldSize;
        }

        public long filesChange() {
            return newFiles - oldFiles;
        }
    }

    /** Who grew: per-owner totals in each scan, ranked as {@code order} lists them, at most {@code limit} of {@code listed}. */
    public record OwnerDiff(List<OwnerChange> rows, long listed) {
    }

    public static OwnerDiff ownerDiff(ScanStore older, ScanStore newer, Scope scope, boolean byGroup,
                                      ScanDiff.Order order, int limit) throws Exception {
        Query q = Query.builder().scope(scope).build();
        Map<Long, long[]> figures = new TreeMap<>();
        ScanStore[] sides = {older, newer};
        for (int side = 0; side < 2; side++) {
            for (OwnerRow o : sides[side].ownerTotals(q, byGroup)) {
                long[] f = figures.computeIfAbsent(o.id(), k -> new long[5]);
                f[side] = o.totalSize();
                f[2 + side] = o.files();
                f[4] |= 1L << side;
            }
        }
        // The owners the order lists (by the directories' rules), in its order, ties by id.
        List<OwnerChange> listed = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : figures.entrySet()) {
            long[] f = e.getValue();
            ScanDiff.Status status = f[4] == 3 ? ScanDiff.Status.BOTH : f[4] == 1 ? ScanDiff.Status.GONE : ScanDiff.Status.NEW;
            OwnerChange c = new OwnerChange(e.getKey(), status, f[0], f[1], f[2], f[3]);
            if (order.lists(status, c.sizeChange(), c.filesChange())) {
                listed.add(c);
            }
        }
        listed.sort(order.of(OwnerChange::sizeChange, OwnerChange::filesChange).thenComparingLong(OwnerChange::id));
        return new OwnerDiff(limit > 0 && listed.size() > limit ? new ArrayList<>(listed.subList(0, limit)) : listed,
                listed.size());
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (ScanStore s : stores) {
            try {
                s.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
