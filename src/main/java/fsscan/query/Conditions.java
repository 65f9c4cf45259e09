package fsscan.query;

import java.util.List;

/**
 * What a directory must be, beyond where it is ({@link Scope}). Everything is AND; inside a list,
 * OR. Dates and ages stay as typed: each scan resolves them from its own scan date. A new condition
 * is a new field here, a builder method in {@link Query.Builder} and its SQL in the backends: the
 * top-down walk, which applies a scope only, sees it through {@link #none()} without being told.
 */
public record Conditions(
        List<Long> uids,
        List<Long> gids,
        boolean singleOwner,
        String accessedBefore,
        String accessedAfter,
        boolean atimeNonRecursive,
        Long minSize,
        Long maxSize,
        Long minFiles,
        Long maxFiles,
        Long minAvgSize,
        Long maxAvgSize,
        List<String> nameGlobs,
        boolean ignoreCase,
        boolean leavesOnly) {

    public static final Conditions NONE = new Conditions(List.of(), List.of(), false, null, null, false, null, null, null,
            null, null, null, List.of(), false, false);

    public Conditions {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
        nameGlobs = List.copyOf(nameGlobs);
    }

    /** No condition at all: only the scope decides. {@code ignoreCase} alone changes nothing. */
    public boolean none() {
        return this.equals(new Conditions(List.of(), List.of(), false, null, null, false, null, null, null, null, null, null,
                List.of(), ignoreCase, false));
    }
}
