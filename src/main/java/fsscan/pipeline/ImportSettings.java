package fsscan.pipeline;

import com.typesafe.config.Config;
import fsscan.scan.Buckets;
import fsscan.scan.LineParser;

/**
 * Every bound of an import, read once from configuration and then overridden by command-line
 * flags. The reasons for the defaults are next to them in {@code fsscan-defaults.conf}.
 */
public record ImportSettings(
        int workers,
        int chunkBytes,
        int chunksInFlight,
        int dbBatchRows,
        int dbBatchesInFlight,
        int maxRejectsKept,
        long progressIntervalMillis,
        boolean escapedPaths,
        String failureMarker,
        MalformedLimit maxMalformed,
        LineParser.Format format,
        Buckets buckets,
        int parallelFiles) {

    public ImportSettings {
        require(workers >= 1, "workers must be at least 1");
        require(chunkBytes >= 64, "chunk-size must be at least 64 bytes");
        require(chunkBytes <= 1 << 30, "chunk-size must be at most 1 GiB (every chunk in flight is held in memory)");
        require(chunksInFlight >= 1, "chunks in flight must be at least 1");
        require(dbBatchRows >= 1, "db-batch-rows must be at least 1");
        require(dbBatchesInFlight >= 1, "db-batches-in-flight must be at least 1");
        require(maxRejectsKept >= 0, "max-rejects-kept must not be negative");
        require(parallelFiles >= 1, "parallel-files must be at least 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Reads {@code fsscan.import}; {@code workers} comes from the caller (the -w flag or the core count). */
    public static ImportSettings fromConfig(Config root, int workers) {
        Config c = root.getConfig("fsscan.import");
        long chunk = c.getBytes("chunk-size");
        if (chunk > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("chunk-size must be below 2 GiB");
        }
        return new ImportSettings(
                workers,
                (int) chunk,
                workers * c.getInt("chunks-in-flight-per-worker"),
                c.getInt("db-batch-rows"),
                c.getInt("db-batches-in-flight"),
                c.getInt("max-rejects-kept"),
                c.getDuration("progress-interval").toMillis(),
                false,
                null,
                c.hasPath("max-malformed") ? MalformedLimit.parse(c.getString("max-malformed")) : MalformedLimit.NONE,
                LineParser.Format.AUTO,
                null,
                c.getInt("parallel-files"));
    }

    public ImportSettings withEscapedPaths(boolean escaped) {
        return new ImportSettings(workers, chunkBytes, chunksInFlight, dbBatchRows, dbBatchesInFlight,
                maxRejectsKept, progressIntervalMillis, escaped, failureMarker, maxMalformed, format, buckets, parallelFiles);
    }

    public ImportSettings withChunks(int bytes, int inFlight) {
        return new ImportSettings(workers, bytes, inFlight, dbBatchRows, dbBatchesInFlight,
                maxRejectsKept, progressIntervalMillis, escapedPaths, failureMarker, maxMalformed, format, buckets, parallelFiles);
    }

    public ImportSettings withDbBatches(int rows, int inFlight) {
        return new ImportSettings(workers, chunkBytes, chunksInFlight, rows, inFlight,
                maxRejectsKept, progressIntervalMillis, escapedPaths, failureMarker, maxMalformed, format, buckets, parallelFiles);
    }

    /** Test-only: a parser throws on any line containing {@code marker}. */
    public ImportSettings withFailureMarker(String marker) {
        return new ImportSettings(workers, chunkBytes, chunksInFlight, dbBatchRows, dbBatchesInFlight,
                maxRejectsKept, progressIntervalMillis, escapedPaths, marker, maxMalformed, format, buckets, parallelFiles);
    }

    public ImportSettings withMaxMalformed(MalformedLimit limit) {
        return new ImportSettings(workers, chunkBytes, chunksInFlight, dbBatchRows, dbBatchesInFlight,
                maxRejectsKept, progressIntervalMillis, escapedPaths, failureMarker, limit, format, buckets, parallelFiles);
    }

    public ImportSettings withFormat(LineParser.Format lineFormat) {
        return new ImportSettings(workers, chunkBytes, chunksInFlight, dbBatchRows, dbBatchesInFlight,
                maxRejectsKept, progressIntervalMillis, escapedPaths, failureMarker, maxMalformed, lineFormat, buckets, parallelFiles);
    }

    /** Histogram buckets for this scan's date (null: no histograms). */
    public ImportSettings withBuckets(Buckets scanBuckets) {
        return new ImportSettings(workers, chunkBytes, chunksInFlight, dbBatchRows, dbBatchesInFlight,
                maxRejectsKept, progressIntervalMillis, escapedPaths, failureMarker, maxMalformed, format, scanBuckets, parallelFiles);
    }

    public ImportSettings withMaxRejectsKept(int kept) {
        return new ImportSettings(workers, chunkBytes, chunksInFlight, dbBatchRows, dbBatchesInFlight,
                kept, progressIntervalMillis, escapedPaths, failureMarker, maxMalformed, format, buckets, parallelFiles);
    }
}
