package fsscan.pipeline;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Out of memory inside a stage, which supervision does not catch and which would stop the whole
 * actor system with a stack trace: the stage fails like any other, with a line that says what to
 * do, and the runner can tell what stopped a system that stopped anyway.
 */
public final class FatalErrors {

    private static volatile Throwable last;
    /**
     * Built while there is memory: out of it, even a message cannot be. Thrown each time (its stack
     * trace is that of the first import, and nobody reads it: the message is the report).
     */
    private static final ImportFailedException OUT_OF_MEMORY = new ImportFailedException(outOfMemoryAdvice());

    private FatalErrors() {
    }

    /** The stage, with its fatal errors remembered on the way out. */
    static <T> Behavior<T> watched(Behavior<T> stage) {
        return Behaviors.intercept(Watch::new, stage);
    }

    static Throwable last() {
        return last;
    }

    /** A new import starts with no fatal error seen. */
    static void reset() {
        last = null;
    }

    /** The failure that reports running out of memory. */
    static ImportFailedException outOfMemory() {
        return OUT_OF_MEMORY;
    }

    /** What to tell a person whose JVM ran out of heap. */
    public static String outOfMemoryAdvice() {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        return "ran out of memory (the Java heap is " + max + " MiB): give fsscan more, for example"
                + " FSSCAN_JAVA_OPTS='-XX:+UseParallelGC -Xmx" + Math.max(1, (2 * max) >> 10) + "g'"
                + " (an import needs about 1.3 KiB per directory); nothing was replaced";
    }

    @SuppressWarnings("unchecked")
    private static final class Watch<T> extends BehaviorInterceptor<T, T> {
        Watch() {
            super((Class<T>) Object.class);
        }

        @Override
        public Behavior<T> aroundStart(TypedActorContext<T> ctx, PreStartTarget<T> target) {
            return guarded(() -> target.start(ctx));
        }

        @Override
        public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
            return guarded(() -> target.apply(ctx, msg));
        }

        @Override
        public Behavior<T> aroundSignal(TypedActorContext<T> ctx, Signal signal, SignalTarget<T> target) {
            return guarded(() -> target.apply(ctx, signal));
        }

        private Behavior<T> guarded(java.util.function.Supplier<Behavior<T>> step) {
            try {
                return step.get();
            } catch (OutOfMemoryError e) {
                // Turned into an ordinary failure of this stage: it stops quietly, the guardian reports it
                // in one line and the writers delete their files (the allocation that failed freed nothing
                // it needs). Left fatal, it would stop the system with a stack trace on stderr.
                last = e;
                throw OUT_OF_MEMORY;
            }
        }
    }
}
