package fsscan.bench;

import fsscan.scan.ChunkParser;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** One parser on one core: lines per second, including the per-chunk grouping, histogram cells and sorting. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParserBenchmark {

    static final int LINES = 400_000;

    /** The generator's line order: window (a young file system's inode order) or random (years of churn). */
    @org.openjdk.jmh.annotations.Param({"window", "random"})
    public String order;

    private List<byte[]> chunks;
    private ChunkParser parser;

    @Setup
    public void setup() {
        chunks = BenchData.chunks(LINES, fsscan.gen.ScanGenerator.Order.valueOf(order.toUpperCase(java.util.Locale.ROOT)));
        parser = new ChunkParser(false, fsscan.scan.LineParser.Format.AUTO, BenchData.BUCKETS, null);
    }

    /** Operations are lines: the generator's data lines plus its 4 header lines. */
    @Benchmark
    @OperationsPerInvocation(LINES + 4)
    public void parseLines(Blackhole bh) {
        long id = 0;
        for (byte[] c : chunks) {
            bh.consume(parser.parse(id++, c, c.length));
        }
    }
}
