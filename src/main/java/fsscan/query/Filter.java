package fsscan.query;

import java.util.List;

/**
 * Which directories a query looks at. Everything is AND; inside a repeatable option, OR. Paths and
 * access dates stay as typed: each database resolves them (paths to its id ranges, ages from its
 * own scan date).
 */
public record Filter(
        Integer minDepth,
        Integer maxDepth,
        List<String> pathPrefixes,
        List<String> excludes,
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

    /** The same filter for these users and groups. */
    public Filter withOwners(List<Long> users, List<Long> groups) {
        return new Filter(minDepth, maxDepth, pathPrefixes, excludes, users, groups, singleOwner, accessedBefore,
                accessedAfter, atimeNonRecursive, minSize, maxSize, minFiles, maxFiles, minAvgSize, maxAvgSize,
                nameGlobs, ignoreCase, leavesOnly);
    }

    public static Filter none() {
        return new Filter(null, null, List.of(), List.of(), List.of(), List.of(), false, null, null, false, null, null,
                null, null, null, null, List.of(), false, false);
    }
}
