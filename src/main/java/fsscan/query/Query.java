package fsscan.query;

import java.util.ArrayList;
import java.util.List;

/** A question about directories: where ({@link Scope}) and what they must be ({@link Conditions}). */
public record Query(Scope scope, Conditions conditions) {

    public static final Query ALL = new Query(Scope.ALL, Conditions.NONE);

    public static Builder builder() {
        return new Builder();
    }

    /** The same question with other owners (names resolved to ids once the scans are open). */
    public Query withOwners(List<Long> uids, List<Long> gids) {
        Conditions c = conditions;
        return new Query(scope, new Conditions(uids, gids, c.singleOwner(), c.accessedBefore(), c.accessedAfter(),
                c.atimeNonRecursive(), c.minSize(), c.maxSize(), c.minFiles(), c.maxFiles(), c.minAvgSize(), c.maxAvgSize(),
                c.nameGlobs(), c.ignoreCase(), c.leavesOnly()));
    }

    /** Builds a query one named part at a time; what is not set is not asked. */
    public static final class Builder {
        private final List<String> prefixes = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();
        private Integer minDepth;
        private Integer maxDepth;
        private Viewer viewer;
        private final List<Long> uids = new ArrayList<>();
        private final List<Long> gids = new ArrayList<>();
        private boolean singleOwner;
        private String accessedBefore;
        private String accessedAfter;
        private boolean atimeNonRecursive;
        private Long minSize;
        private Long maxSize;
        private Long minFiles;
        private Long maxFiles;
        private Long minAvgSize;
        private Long maxAvgSize;
        private final List<String> nameGlobs = new ArrayList<>();
        private boolean ignoreCase;
        private boolean leavesOnly;

        private Builder() {
        }

        public Builder scope(Scope s) {
            prefixes.addAll(s.prefixes());
            excludes.addAll(s.excludes());
            minDepth = s.minDepth();
            maxDepth = s.maxDepth();
            viewer = s.viewer();
            return this;
        }

        public Builder under(List<String> paths) {
            prefixes.addAll(paths);
            return this;
        }

        public Builder excluding(List<String> paths) {
            excludes.addAll(paths);
            return this;
        }

        public Builder depths(Integer min, Integer max) {
            minDepth = min;
            maxDepth = max;
            return this;
        }

        public Builder users(List<Long> ids) {
            uids.addAll(ids);
            return this;
        }

        public Builder groups(List<Long> ids) {
            gids.addAll(ids);
            return this;
        }

        public Builder singleOwner(boolean yes) {
            singleOwner = yes;
            return this;
        }

        /** Newest access before / on or after a date or an age; of the directory's own files when {@code own}. */
        public Builder accessed(String before, String after, boolean own) {
            accessedBefore = before;
            accessedAfter = after;
            atimeNonRecursive = own;
            return this;
        }

        public Builder size(Long min, Long max) {
            minSize = min;
            maxSize = max;
            return this;
        }

        public Builder files(Long min, Long max) {
            minFiles = min;
            maxFiles = max;
            return this;
        }

        public Builder averageSize(Long min, Long max) {
            minAvgSize = min;
            maxAvgSize = max;
            return this;
        }

        public Builder names(List<String> globs, boolean anyCase) {
            nameGlobs.addAll(globs);
            ignoreCase = anyCase;
            return this;
        }

        public Builder leavesOnly(boolean yes) {
            leavesOnly = yes;
            return this;
        }

        public Query build() {
            return new Query(new Scope(prefixes, excludes, minDepth, maxDepth, viewer), new Conditions(uids, gids, singleOwner,
                    accessedBefore, accessedAfter, atimeNonRecursive, minSize, maxSize, minFiles, maxFiles, minAvgSize,
                    maxAvgSize, nameGlobs, ignoreCase, leavesOnly));
        }
    }
}
