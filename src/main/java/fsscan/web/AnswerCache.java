package fsscan.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Answers kept by a key that names everything they depend on (see WebServer's cacheKey), least
 * recently used dropped first past a bound in bytes. A scan is immutable until an import replaces
 * its file, and the replaced file makes new keys: a kept answer is never stale. Requests for a key
 * being computed wait for that one computation instead of repeating it (fifty users opening the
 * same file system's top at once read its whole owner table once).
 */
final class AnswerCache {

    private final long maxBytes;
    private final Map<String, WebServer.Answer> kept = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<String, CompletableFuture<WebServer.Answer>> computing = new ConcurrentHashMap<>();
    private long bytes;
    private final java.util.concurrent.atomic.AtomicLong hits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong misses = new java.util.concurrent.atomic.AtomicLong();

    /** {hits, misses} so far (a wait for another request's computation is a hit). */
    long[] counts() {
        return new long[] {hits.get(), misses.get()};
    }

    AnswerCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    WebServer.Answer get(String key, Callable<WebServer.Answer> compute) throws Exception {
        if (maxBytes <= 0) {
            return compute.call();
        }
        synchronized (kept) {
            WebServer.Answer a = kept.get(key);
            if (a != null) {
                hits.incrementAndGet();
                return a;
            }
        }
        CompletableFuture<WebServer.Answer> mine = new CompletableFuture<>();
        CompletableFuture<WebServer.Answer> theirs = computing.putIfAbsent(key, mine);
        if (theirs != null) {
            hits.incrementAndGet();
            try {
                return theirs.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }
        misses.incrementAndGet();
        try {
            WebServer.Answer a = compute.call();
            if (a.status() == 200 && a.body().length <= maxBytes / 8) {
                synchronized (kept) {
                    if (kept.put(key, a) == null) {
                        bytes += a.body().length + key.length();
                    }
                    var it = kept.entrySet().iterator();
                    while ((bytes > maxBytes) && it.hasNext()) {
                        var e = it.next();
                        bytes -= e.getValue().body().length + e.getKey().length();
                        it.remove();
                    }
                }
            }
            mine.complete(a);
            return a;
        } catch (Exception e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            computing.remove(key);
        }
    }
}
