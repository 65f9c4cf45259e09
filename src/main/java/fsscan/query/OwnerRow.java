package fsscan.query;

/** Totals of one user's (or group's) files in a scope: {@code id} is the uid or gid. */
public record OwnerRow(long id, long files, long totalSize, long logicalSize, long directories, Long maxAtime) {
}
