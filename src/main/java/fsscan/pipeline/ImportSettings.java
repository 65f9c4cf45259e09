package fsscan.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import fsscan.scan.Buckets;
import fsscan.scan.LineParser;

import java.util.Map;

/**
 * Every bound of an import, read once from configuration (where the command line's flags are
 * overrides of the same keys), and how this scan's lines are read. The reasons for the defaults
 * are next to them in {@code fsscan-defaults.conf}.
 */
public record ImportSettings(
        int workers,
        int chunkBytes,
        int chunksInFlight,
        int dbBatchRows,
        int dbBatchesInFlight,
        int maxRejectsKept,
        long progressIntervalMillis,
        MalformedLimit maxMalformed,
        int parallelFiles,
        int accumulatorThreads,
        Lines lines) {

    /** How lines are read: percent-encoded paths, the list format, the scan's age and size buckets (null: none). */
    public record Lines(boolean escapedPaths, LineParser.Format format, Buckets buckets) {
        public static final Lines DEFAULT = new Lines(false, LineParser.Format.AUTO, null);
    }

    public ImportSettings {
        require(workers >= 1, "workers must be at least 1");
        require(chunkBytes >= 64, "chunk-size must be at least 64 bytes");
        require(chunkBytes <= 1 << 30, "chunk-size must be at most 1 GiB (every chunk in flight is held in memory)");
        require(chunksInFlight >= 1, "chunks in flight must be at least 1");
        require(dbBatchRows >= 1, "db-batch-rows must be at least 1");
        require(dbBatchesInFlight >= 1, "db-batches-in-flight must be at least 1");
        require(maxRejectsKept >= 0, "max-rejects-kept must not be negative");
        require(parallelFiles >= 1, "parallel-files must be at least 1");
        require(fsscan.tree.DirectoryTree.isThreadCount(accumulatorThreads),
                "accumulator-threads must be auto or a power of two from 1 to 64");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Reads {@code fsscan.import} with {@code overrides} (keys below it, as in the file: {@code
     * chunk-size}, {@code chunks-in-flight}, {@code db-batch-rows}, {@code max-malformed}, ...) on top.
     * {@code chunks-in-flight}, when set, is the total; else {@code chunks-in-flight-per-worker} x workers.
     *
     * @throws IllegalArgumentException naming the bound that is out of range
     */
    public static ImportSettings fromConfig(Config root, Map<String, Object> overrides, int workers, Lines lines) {
        Config c = ConfigFactory.parseMap(overrides).withFallback(root.getConfig("fsscan.import"));
        long chunk = c.getBytes("chunk-size");
        if (chunk > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("chunk-size must be at most 1 GiB (every chunk in flight is held in memory)");
        }
        return new ImportSettings(
                workers,
                (int) chunk,
                c.hasPath("chunks-in-flight") ? c.getInt("chunks-in-flight") : workers * c.getInt("chunks-in-flight-per-worker"),
                c.getInt("db-batch-rows"),
                c.getInt("db-batches-in-flight"),
                c.getInt("max-rejects-kept"),
                c.getDuration("progress-interval").toMillis(),
                c.hasPath("max-malformed") ? MalformedLimit.parse(c.getString("max-malformed")) : MalformedLimit.NONE,
                c.getInt("parallel-files"),
                accumulatorThreads(c.getString("accumulator-threads"), Runtime.getRuntime().availableProcessors()),
                lines);
    }

    /**
     * {@code accumulator-threads}: a number as given, or for {@code auto} the power of two nearest
     * below a quarter of the cores, from 1 to 4 (the parsers keep the rest busy).
     */
    static int accumulatorThreads(String value, int cores) {
        if (value.trim().equalsIgnoreCase("auto")) {
            return Math.min(4, Integer.highestOneBit(Math.max(1, cores / 4)));
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("accumulator-threads must be auto or a power of two from 1 to 64, not " + value);
        }
    }

    /** The defaults of {@code fsscan-defaults.conf} for {@code workers} parsers. */
    public static ImportSettings defaults(int workers) {
        return fromConfig(FsscanConfig.load(), Map.of(), workers, Lines.DEFAULT);
    }
}
