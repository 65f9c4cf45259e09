package fsscan.db;

/** What one import saw and made: the single row of {@code scan_metadata}. */
public record ScanSummary(
        String sourceFiles,
        String filesystem,
        String scanDate,
        String scanDateSource,
        String importTime,
        double importSeconds,
        int workers,
        long totalLines,
        long headerLines,
        long malformedLines,
        long fileCount,
        long directoryLines,
        long directories,
        long impliedDirectories,
        long totalSize,
        long logicalSize,
        int maxDepth,
        long ownerRows,
        String rejectsFile,
        long rejectsKept,
        long histogramBytes) {
}
