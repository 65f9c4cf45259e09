package fsscan.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Counts for one actor (or one pool): messages handled, time spent handling them, the CPU time its
 * thread spent on them, and the backlog (messages sent to it and not yet handled) with its
 * high-water mark. Senders call {@link #sent()}, the actor calls {@link #begin()} and {@link #end}
 * on the thread that handles the message; safe from any thread.
 *
 * <p>Busy time is wall-clock time from a message's start to its end; where threads outnumber
 * cores it includes time the thread waited for a core, which the CPU time does not. Work an actor
 * hands to threads of its own is in neither, unless they have meters of their own (the
 * accumulator's find, copy and apply threads do; its partitions' helpers do not).
 */
public final class ActorMeter {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean THREAD_CPU = THREADS.isCurrentThreadCpuTimeSupported();

    private final String name;
    private final Tracer tracer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    /** The handling thread's CPU time when its message began, -1 for none. */
    private final ThreadLocal<long[]> cpuAtBegin = ThreadLocal.withInitial(() -> new long[] {-1});
    private final AtomicLong units = new AtomicLong();
    private final LongAccumulator maxBacklog = new LongAccumulator(Math::max, 0);

    ActorMeter(String name, Tracer tracer) {
        this.name = name;
        this.tracer = tracer;
    }

    public String name() {
        return name;
    }

    public void sent() {
        long backlog = sent.incrementAndGet() - handled.get();
        maxBacklog.accumulate(backlog);
    }

    /** Counts a message as taken off the backlog, where the busy time is measured elsewhere (a pool). */
    public void received() {
        handled.incrementAndGet();
    }

    public long begin() {
        if (THREAD_CPU) {
            cpuAtBegin.get()[0] = THREADS.getCurrentThreadCpuTime();
        }
        return System.nanoTime();
    }

    /** Ends a handled message; {@code units} is the work it carried (lines), {@code chunkId} -1 for none. */
    public void end(long startNanos, String span, long chunkId, long workUnits) {
        long now = System.nanoTime();
        if (THREAD_CPU) {
            long[] at = cpuAtBegin.get();
            if (at[0] >= 0) {
                cpuNanos.addAndGet(Math.max(0, THREADS.getCurrentThreadCpuTime() - at[0]));
                at[0] = -1;
            }
        }
        handled.incrementAndGet();
        busyNanos.addAndGet(now - startNanos);
        units.addAndGet(workUnits);
        tracer.span(name, span, chunkId, startNanos, now);
    }

    public long messages() {
        return handled.get();
    }

    public long busyNanos() {
        return busyNanos.get();
    }

    /** CPU time of the handling threads between {@link #begin()} and {@link #end}; 0 where the JVM cannot tell. */
    public long cpuNanos() {
        return cpuNanos.get();
    }

    public long maxBacklog() {
        return maxBacklog.get();
    }

    public long units() {
        return units.get();
    }
}
