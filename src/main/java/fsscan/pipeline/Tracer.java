package fsscan.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Writes the recorded spans (Chrome trace-event JSON); one track per actor so the pipeline reads top to bottom. */
    public void writeChromeTrace(Path file) throws IOException {
        Map<String, Integer> tids = new LinkedHashMap<>();
        for (ActorMeter m : meters()) {
            tids.put(m.name(), tids.size() + 1);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ms");
            g.writeArrayFieldStart("traceEvents");
            for (Map.Entry<String, Integer> e : tids.entrySet()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("name", "thread_name");
                g.writeStringField("ph", "M");
                g.writeNumberField("pid", 1);
                g.writeNumberField("tid", e.getValue());
                g.writeObjectFieldStart("args");
                g.writeStringField("name", e.getKey());
                g.writeEndObject();
                g.writeEndObject();
            }
            for (Span s : spans) {
                Integer tid = tids.computeIfAbsent(s.actor(), k -> tids.size() + 1);
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("name", s.name());
                g.writeStringField("cat", s.actor());
                g.writeStringField("ph", "X");
                g.writeNumberField("pid", 1);
                g.writeNumberField("tid", tid);
                g.writeNumberField("ts", (s.startNanos() - origin) / 1000.0);
                g.writeNumberField("dur", (s.endNanos() - s.startNanos()) / 1000.0);
                g.writeObjectFieldStart("args");
                g.writeNumberField("chunk", s.chunkId());
                g.writeNumberField("thread", s.thread());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeRaw('\n');
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
