package fsscan.pipeline;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one import on its own actor system and waits for it; the only door into the pipeline. */
public final class ImportRunner {

    private final Config config;
    private volatile ActorSystem<ImportJob.Command> running;

    public ImportRunner(Config config) {
        this.config = config;
    }

    /**
     * Runs one import and waits for it, running {@code request.onTick()} on the calling thread
     * every {@code request.tick()} (progress display).
     *
     * @throws ImportFailedException with a one-line reason when the import cannot finish
     */
    public ImportReport run(ImportRequest request) throws InterruptedException {
        CompletableFuture<ImportReport> result = new CompletableFuture<>();
        Duration tick = request.tick();
        FatalErrors.reset();
        // Logging is set up before any actor starts, so no early log call is queued and replayed.
        org.slf4j.LoggerFactory.getILoggerFactory();
        ActorSystem<ImportJob.Command> system = ActorSystem.create(
                FatalErrors.watched(ImportJob.create(request, result)), "fsscan", config);
        running = system;
        try {
            while (true) {
                try {
                    return result.get(tick.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (FatalErrors.last() instanceof OutOfMemoryError) {
                        // A stage ran out of memory: stop now, whichever stage would notice next.
                        throw FatalErrors.outOfMemory();
                    }
                    if (system.whenTerminated().isCompleted() && !result.isDone()) {
                        // Only a fatal error stops the system before the guardian has answered.
                        throw FatalErrors.last() instanceof OutOfMemoryError ? FatalErrors.outOfMemory()
                                : new ImportFailedException("the import stopped on a fatal error: "
                                        + (FatalErrors.last() == null ? "unknown" : FatalErrors.last()));
                    }
                    request.onTick().run();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof ImportFailedException ife) {
                        throw ife;
                    }
                    throw new ImportFailedException("import", cause);
                }
            }
        } finally {
            stop(Duration.ofSeconds(30));
        }
    }

    /** Stops a running import (Ctrl-C): stopping the writer deletes its temporary file. */
    public void stop(Duration wait) {
        ActorSystem<ImportJob.Command> system = running;
        if (system == null) {
            return;
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Past the wait the process exits anyway; a leftover temporary file is removed next time.
        }
        running = null;
    }
}
