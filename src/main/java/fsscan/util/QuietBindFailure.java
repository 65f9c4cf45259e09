package fsscan.util;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the HTTP layer's own report of a port it could not bind (an error with its stack trace):
 * {@code fsscan serve} says that in one line that names the address. The listener's other
 * messages, such as a connection it could not accept, still go out. Named in conf/logback.xml.
 */
public final class QuietBindFailure extends TurboFilter {

    static final String LISTENER = "org.apache.pekko.io.TcpListener";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return format != null && format.startsWith("Bind failed") && LISTENER.equals(logger.getName())
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
