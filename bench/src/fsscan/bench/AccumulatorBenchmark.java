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
 *
 * <p>On a machine of few cores the tree's four threads share them, so the rate measures their
 * CPU time per line added up. What a many-core node gets is the rate of the slowest thread, each
 * on a core of its own: {@link StageCpu} gives each thread's lines per second of its own CPU
 * time (the merging thread's, and the find, copy and apply threads'), in millions, measured in
 * the same invocations and printed after each iteration, with the busiest of the partitions'
 * helpers (with more than one thread: they take shares of the find, copy and apply threads' work).
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
    public DirectoryTree mergeChunks(StageCpu cpu) {
        DirectoryTree tree = new DirectoryTree(threads);
        tree.meterThreadsWith(cpu::meter);
        long start = StageCpu.THREADS.getCurrentThreadCpuTime();
        for (ParsedChunk c : parsed) {
            tree.merge(c);
        }
        tree.flushAndWait(); // the last batch: every line applied by the tree's threads, as at the end of an import
        cpu.invocationEnded(StageCpu.THREADS.getCurrentThreadCpuTime() - start, LINES + 4);
        return tree;
    }

    /**
     * Each of the tree's threads' lines per second of its own CPU time, in millions, printed at the
     * end of each iteration beside the iteration's rate (JMH's auxiliary counters add such figures
     * up over the iterations).
     */
    @State(Scope.Thread)
    public static class StageCpu {
        static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
        private static final String[] STAGES = {"find", "copy", "apply"};
        private long lines;
        private long mergeNanos;
        private final java.util.concurrent.atomic.AtomicLongArray stageNanos = new java.util.concurrent.atomic.AtomicLongArray(STAGES.length);
        /** The partitions' helpers (each tree has its own, idle ones end after a few seconds): CPU time seen last, and this iteration's. */
        private final java.util.Map<Long, Long> helperSeen = new java.util.HashMap<>();
        private final java.util.Map<Long, Long> helperNanos = new java.util.HashMap<>();

        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void clear() {
            lines = 0;
            mergeNanos = 0;
            for (int i = 0; i < STAGES.length; i++) {
                stageNanos.set(i, 0);
            }
            helperNanos.clear();
        }

        /** Adds what each helper thread used since it was last seen. */
        private void seeHelpers() {
            for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (t == null || !t.getThreadName().startsWith("fsscan-accumulator-helper-")) {
                    continue;
                }
                long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                if (cpu < 0) {
                    continue;
                }
                Long before = helperSeen.put(t.getThreadId(), cpu);
                helperNanos.merge(t.getThreadId(), cpu - (before == null ? 0 : before), Long::sum);
            }
        }

        @org.openjdk.jmh.annotations.TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void print() {
            long all = mergeNanos;
            StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "%nM lines per CPU second: merging thread %.1f", rate(mergeNanos)));
            for (int i = 0; i < STAGES.length; i++) {
                s.append(String.format(java.util.Locale.ROOT, ", %s %.1f", STAGES[i], rate(stageNanos.get(i))));
                all += stageNanos.get(i);
            }
            long busiestHelper = 0;
            for (long h : helperNanos.values()) {
                all += h;
                busiestHelper = Math.max(busiestHelper, h);
            }
            if (busiestHelper > 0) {
                s.append(String.format(java.util.Locale.ROOT, ", busiest helper %.1f", rate(busiestHelper)));
            }
            s.append(String.format(java.util.Locale.ROOT, "; all together %.1f", rate(all)));
            System.out.println(s);
        }

        DirectoryTree.StageMeter meter(String stage) {
            int i = java.util.Arrays.asList(STAGES).indexOf(stage);
            return new DirectoryTree.StageMeter() {
                @Override
                public long begin() {
                    return THREADS.getCurrentThreadCpuTime();
                }

                @Override
                public void end(long start, long lines) {
                    stageNanos.addAndGet(i, THREADS.getCurrentThreadCpuTime() - start);
                }
            };
        }

        void invocationEnded(long nanos, long invocationLines) {
            lines += invocationLines;
            mergeNanos += nanos;
            seeHelpers();
        }

        private double rate(long nanos) {
            return nanos == 0 ? 0 : lines * 1e3 / nanos;
        }
    }
}
