package fsscan.query;

import java.util.List;

/**
 * Where a question looks: directories below any of the prefixes (all when none), outside every
 * excluded subtree, at depths {@code minDepth..maxDepth} (null: no bound; {@code /gpfs} is 1).
 * Paths stay as typed; each scan resolves them to its own id ranges. With a {@link Viewer}, only
 * the directories that viewer may see (null: everything).
 */
public record Scope(List<String> prefixes, List<String> excludes, Integer minDepth, Integer maxDepth, Viewer viewer) {

    public static final Scope ALL = new Scope(List.of(), List.of(), null, null);

    public Scope {
        prefixes = List.copyOf(prefixes);
        excludes = List.copyOf(excludes);
    }

    public Scope(List<String> prefixes, List<String> excludes, Integer minDepth, Integer maxDepth) {
        this(prefixes, excludes, minDepth, maxDepth, null);
    }

    /** The same places, as this viewer sees them. */
    public Scope seenBy(Viewer v) {
        return new Scope(prefixes, excludes, minDepth, maxDepth, v);
    }

    public static Scope below(String prefix) {
        return prefix == null ? ALL : new Scope(List.of(prefix), List.of(), null, null);
    }

    public Scope withDepths(Integer min, Integer max) {
        return new Scope(prefixes, excludes, min, max, viewer);
    }
}
