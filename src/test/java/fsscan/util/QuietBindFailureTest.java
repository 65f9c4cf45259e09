package fsscan.util;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only the listener's bind failure is dropped; its other errors, and anyone else's, go out. */
class QuietBindFailureTest {

    @Test
    void dropsTheListenersBindFailureOnly() {
        LoggerContext context = new LoggerContext();
        QuietBindFailure filter = new QuietBindFailure();
        ch.qos.logback.classic.Logger listener = context.getLogger(QuietBindFailure.LISTENER);
        ch.qos.logback.classic.Logger other = context.getLogger("fsscan.web.WebServer");
        Exception cause = new java.net.BindException("Address already in use");
        assertEquals(FilterReply.DENY, filter.decide(null, listener, Level.ERROR,
                "Bind failed for TCP channel on endpoint [/127.0.0.1:8080]", null, cause));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, listener, Level.ERROR,
                "Accept error: could not accept new connection", null, cause));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, other, Level.ERROR,
                "Bind failed for TCP channel on endpoint [/127.0.0.1:8080]", null, cause));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, listener, Level.ERROR, null, null, cause));
    }
}
