package fsscan.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Per-actor meters for every import, and, when asked, a span per chunk per actor written as Chrome
 * trace-event JSON (open it in Perfetto or chrome://tracing).
 */
public final class Tracer {

    private record Span(String actor, String name, long chunkId, long startNanos, long endNanos, long thread) {
    }

    private final boolean recordSpans;
    private final long origin = System.nanoTime();
    private final Map<String, ActorMeter> meters = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();

    public Tracer(boolean recordSpans) {
        this.recordSpans = recordSpans;
    }

    public synchronized ActorMeter meter(String name) {
        return meters.computeIfAbsent(name, n -> new ActorMeter(n, this));
    }

    public synchronized List<ActorMeter> meters() {
        return new ArrayList<>(meters.values());
    }

    void span(String actor, String name, long chunkId, long start, long end) {
        if (recordSpans) {
            spans.add(new Span(actor, name, chunkId, start, end, Thread.currentThread().getId()));
        }
    }

    /** Writes the recorded spans; one track per actor so the pipeline reads top to bottom. */
    public void writeChromeTrace(Path file) throws IOException {
        Map<String, Integer> tids = new LinkedHashMap<>();
        for (ActorMeter m : meters()) {
            tids.put(m.name(), tids.size() + 1);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
            boolean first = true;
            for (Map.Entry<String, Integer> e : tids.entrySet()) {
                w.write(first ? "" : ",\n");
                first = false;
                w.write(String.format(Locale.ROOT,
                        "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"args\":{\"name\":\"%s\"}}",
                        e.getValue(), e.getKey()));
            }
            for (Span s : spans) {
                Integer tid = tids.computeIfAbsent(s.actor(), k -> tids.size() + 1);
                w.write(",\n");
                w.write(String.format(Locale.ROOT,
                        "{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,"
                                + "\"args\":{\"chunk\":%d,\"thread\":%d}}",
                        s.name(), s.actor(), tid, (s.startNanos() - origin) / 1000.0,
                        (s.endNanos() - s.startNanos()) / 1000.0, s.chunkId(), s.thread()));
            }
            w.write("\n]}\n");
        }
    }
}
