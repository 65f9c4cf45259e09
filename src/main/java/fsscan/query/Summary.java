package fsscan.query;

/** One scan's totals, as its import recorded them. */
public record Summary(String filesystem, String scanDate, long directories, long files, long totalSize,
                      long logicalSize, int maxDepth, long owners, long malformedLines, String source) {
}
