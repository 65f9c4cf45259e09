package fsscan.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scan as one {@link Viewer} sees it: every question is asked over the directories they may
 * see, and nothing answered names another. The web server wraps every scan a non-administrator
 * asks about in one of these, so no answer can forget the rule.
 */
final class SeenBy implements ScanStore {

    private final ScanStore store;
    private final Viewer viewer;

    SeenBy(ScanStore store, Viewer viewer) {
        this.store = store;
        this.viewer = viewer;
    }

    private Query seen(Query q) {
        return new Query(q.scope().seenBy(viewer), q.conditions());
    }

    private VisibleSet set() throws Exception {
        return store.visible(viewer);
    }

    @Override
    public String filesystem() {
        return store.filesystem();
    }

    @Override
    public String scanDate() {
        return store.scanDate();
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public List<DirectoryRow> list(Query query, Sort sort, boolean reverse, int limit) throws Exception {
        return store.list(seen(query), sort, reverse, limit);
    }

    @Override
    public List<OwnerRow> ownerTotals(Query query, boolean byGroup) throws Exception {
        return store.ownerTotals(seen(query), byGroup);
    }

    @Override
    public Histogram histogram(Scope scope, List<Long> uids, boolean bySize) throws Exception {
        return store.histogram(scope.seenBy(viewer), uids, bySize);
    }

    @Override
    public Summary summary() throws Exception {
        return store.summary();
    }

    @Override
    public long count(Query query) throws Exception {
        return store.count(seen(query));
    }

    @Override
    public long[] scopeTotals(Scope scope) throws Exception {
        return store.scopeTotals(scope.seenBy(viewer));
    }

    @Override
    public Map<Long, String> savedNames(boolean group) throws Exception {
        return store.savedNames(group);
    }

    @Override
    public List<Root> roots() throws Exception {
        List<Root> out = new ArrayList<>();
        for (Root r : store.roots()) {
            if (set().contains(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    /** A hidden directory is, to this viewer, not in the scan. */
    @Override
    public long[] range(String path) throws Exception {
        long[] r = store.range(path);
        return r != null && set().contains(r[0]) ? r : null;
    }

    @Override
    public List<long[]> ranges(String path) throws Exception {
        List<long[]> out = new ArrayList<>();
        for (long[] r : store.ranges(path)) {
            if (set().contains(r[0])) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public DirectoryRow directory(long id) throws Exception {
        return set().contains(id) ? store.directory(id) : null;
    }

    @Override
    public List<DirectoryRow> children(long id) throws Exception {
        if (!set().contains(id)) {
            return List.of();
        }
        List<DirectoryRow> out = new ArrayList<>();
        for (DirectoryRow r : store.children(id)) {
            if (set().contains(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public VisibleSet visible(Viewer v) throws Exception {
        return store.visible(v);
    }

    @Override
    public TreeCursor tree(long from, long to, int maxDepth) throws Exception {
        VisibleSet seen = set();
        TreeCursor all = store.tree(from, to, maxDepth);
        return new TreeCursor() {
            @Override
            public boolean next() throws Exception {
                while (all.next()) {
                    if (seen.contains(all.id())) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public long id() {
                return all.id();
            }

            @Override
            public long parentId() {
                return all.parentId();
            }

            @Override
            public String name() {
                return all.name();
            }

            @Override
            public int depth() {
                return all.depth();
            }

            @Override
            public long totalSize() {
                return all.totalSize();
            }

            @Override
            public long files() {
                return all.files();
            }

            @Override
            public void close() throws Exception {
                all.close();
            }
        };
    }

    @Override
    public void close() throws Exception {
        store.close();
    }
}
