package fsscan.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Counts for one actor (or one pool): messages handled, time spent handling them, and the backlog
 * (messages sent to it and not yet handled) with its high-water mark. Senders call
 * {@link #sent()}, the actor calls {@link #begin()} and {@link #end}; safe from any thread.
 */
public final class ActorMeter {

    private final String name;
    private final Tracer tracer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
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
        return System.nanoTime();
    }

    /** Ends a handled message; {@code units} is the work it carried (lines), {@code chunkId} -1 for none. */
    public void end(long startNanos, String span, long chunkId, long workUnits) {
        long now = System.nanoTime();
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

    public long maxBacklog() {
        return maxBacklog.get();
    }

    public long units() {
        return units.get();
    }
}
