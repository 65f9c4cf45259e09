package fsscan.bench;

import fsscan.scan.ParsedChunk;
import fsscan.tree.DirectoryTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The accumulator's per-chunk merge into a fresh tree: the lines per second it can absorb, which
 * bounds how many parsers it can feed. Each invocation merges a whole 10M-line scan (about 660,000
 * directories), so the tree is as large, and as cache-unfriendly, as in the reference import; the
 * last pending batch is applied inside the measurement, and the tree's own threads (find, copy,
 * apply) have ended their work on every chunk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class AccumulatorBenchmark {

    static final int LINES = 10_000_000;

    /** The generator's line order: window (a young file system's inode order) or random (years of churn). */
    @org.openjdk.jmh.annotations.Param({"window", "random"})
    public String order;

    /** Threads applying the accumulator's batches: its own and helpers (fsscan.import.accumulator-threads). */
    @org.openjdk.jmh.annotations.Param({"1", "2"})
    public int threads;

    private List<ParsedChunk> parsed;

    @Setup
    public void setup() {
        parsed = BenchData.parsed(LINES, fsscan.gen.ScanGenerator.Order.valueOf(order.toUpperCase(java.util.Locale.ROOT)));
    }

    @Benchmark
    @OperationsPerInvocation(LINES + 4)
    public DirectoryTree mergeChunks() {
        DirectoryTree tree = new DirectoryTree(threads);
        for (ParsedChunk c : parsed) {
            tree.merge(c);
        }
        tree.flushAndWait(); // the last batch: every line applied by the tree's threads, as at the end of an import
        return tree;
    }
}
