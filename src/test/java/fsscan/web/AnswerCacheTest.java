package fsscan.web;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AnswerCacheTest {

    static WebServer.Answer ok(int bytes) {
        return new WebServer.Answer(200, "application/json", new byte[bytes], Map.of());
    }

    @Test
    void keepsAnswersWithinItsBoundLeastRecentlyUsedFirstOut() throws Exception {
        AnswerCache cache = new AnswerCache(8000);
        AtomicInteger computed = new AtomicInteger();
        WebServer.Answer a = cache.get("a", () -> { computed.incrementAndGet(); return ok(900); });
        assertSame(a, cache.get("a", () -> { computed.incrementAndGet(); return ok(900); }));
        assertEquals(1, computed.get());
        for (int i = 0; i < 20; i++) {
            cache.get("k" + i, () -> ok(900)); // 20 x 900 bytes: far past 8000
        }
        cache.get("a", () -> { computed.incrementAndGet(); return ok(900); });
        assertEquals(2, computed.get(), "the oldest answer was dropped to stay within the bound");
        assertArrayEquals(new long[] {1, 22}, cache.counts());
    }

    @Test
    void keepsNoErrorAndNoFailure() throws Exception {
        AnswerCache cache = new AnswerCache(1 << 20);
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            cache.get("e", () -> { computed.incrementAndGet(); return WebServer.Answer.error(403, "no"); });
        }
        assertEquals(2, computed.get());
        assertThrows(IllegalStateException.class, () -> cache.get("x", () -> { throw new IllegalStateException("boom"); }));
        assertEquals(200, cache.get("x", () -> ok(1)).status(), "a failure is not remembered");
    }

    @Test
    void sizeZeroKeepsNothing() throws Exception {
        AnswerCache cache = new AnswerCache(0);
        AtomicInteger computed = new AtomicInteger();
        cache.get("a", () -> { computed.incrementAndGet(); return ok(1); });
        cache.get("a", () -> { computed.incrementAndGet(); return ok(1); });
        assertEquals(2, computed.get());
    }
}
