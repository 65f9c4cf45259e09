package fsscan.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT handled by the import itself while it runs, instead of the JVM's exit: a
 * signal that comes once the new database is being put in place must change nothing, which a
 * shutdown hook cannot promise (the JVM exits with the signal's code whatever the hook does).
 * A signal the process was started with ignored stays ignored.
 */
final class Signals {

    /** A signal received: its name and the exit code a shell expects after it (128 + its number). */
    record Received(String name, int exitCode) {
    }

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Signals() {
    }

    static Signals install(Consumer<Received> handler) {
        Signals s = new Signals();
        s.add("TERM", 143, handler);
        s.add("INT", 130, handler);
        return s;
    }

    private void add(String name, int exitCode, Consumer<Received> handler) {
        Signal signal = new Signal(name);
        try {
            previous.add(Signal.handle(signal, sig -> handler.accept(new Received(name, exitCode))));
            signals.add(signal);
        } catch (IllegalArgumentException e) {
            // Ignored when the process started (a background job of a shell without job control).
        }
    }

    /** The handlers from before the import. */
    void restore() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
