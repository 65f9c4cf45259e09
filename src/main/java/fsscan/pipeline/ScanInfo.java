package fsscan.pipeline;

/** What the import knows about the scan before reading it. */
public record ScanInfo(String sourceFiles, int sources, String filesystem, String scanDate, String scanDateSource,
                       int workers, long startMillis, String rejectsFile) {
}
