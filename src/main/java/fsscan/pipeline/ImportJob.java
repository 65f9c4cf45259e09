package fsscan.pipeline;

import fsscan.db.DatabaseWriter;
import fsscan.db.ScanSummary;
import fsscan.input.ScanInput;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.PoolRouter;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.Routers;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The guardian of one import: starts the pipeline, watches every stage, and completes the
 * caller's future with the summary, or with the reason when a stage fails (the stage stops, the
 * database writer's stop deletes its temporary file, and the old database stays).
 */
public final class ImportJob extends AbstractBehavior<ImportJob.Command> {

    public sealed interface Command permits Completed, SourceRead {
    }

    /** A reader has read its whole source: the next source, if any, may start. */
    public record SourceRead(int file) implements Command {
    }

    public record Completed(ScanSummary summary, long accumulatorHeapBytes, Path stagedDatabase, Path stagedRejects)
            implements Command {
    }

    /**
     * What the caller gets: the summary, what the accumulator held at its peak, and the finished
     * database and rejects file (null: none) under their temporary names, for the caller to put in
     * place or delete.
     */
    public record Result(ScanSummary summary, long accumulatorHeapBytes, Path stagedDatabase, Path stagedRejects) {
    }

    private final CompletableFuture<Result> result;
    private final ActorRef<DbWriter.Command> dbWriter;
    private final ActorRef<Accumulator.Command> accumulator;
    private final ScanInput input;
    private final ImportSettings settings;
    private final Tracer tracer;
    private final Progress progress;
    private final ChunkBuffers buffers;
    private final ActorRef<Parser.Command> parsers;
    private final int credits;
    private int nextSource;

    public static Behavior<Command> create(ScanInput input, Path database, ScanInfo info,
                                           ImportSettings settings, Tracer tracer, Progress progress,
                                           CompletableFuture<Result> result) {
        return Behaviors.setup(ctx -> new ImportJob(ctx, input, database, info, settings, tracer, progress, result));
    }

    private ImportJob(ActorContext<Command> ctx, ScanInput input, Path database, ScanInfo info,
                      ImportSettings settings, Tracer tracer, Progress progress, CompletableFuture<Result> result) {
        super(ctx);
        this.result = result;
        java.util.Map<DatabaseWriter.Part, ActorRef<DbWriter.Command>> writers = new java.util.EnumMap<>(DatabaseWriter.Part.class);
        for (DatabaseWriter.Part part : DatabaseWriter.Part.values()) {
            writers.put(part, ctx.spawn(quietStop(DbWriter.create(database, part, tracer)), DbWriter.meterName(part),
                    DispatcherSelector.fromConfig("fsscan.db-dispatcher")));
        }
        dbWriter = writers.get(DatabaseWriter.Part.MAIN);
        accumulator = ctx.spawn(quietStop(Accumulator.create(writers, ctx.getSelf(), settings, info, tracer,
                progress)), "accumulator");
        this.input = input;
        this.settings = settings;
        this.tracer = tracer;
        this.progress = progress;
        buffers = new ChunkBuffers(settings.chunkBytes());
        PoolRouter<Parser.Command> pool = Routers.pool(settings.workers(),
                quietStop(Parser.create(accumulator, settings, buffers, tracer))).withRoundRobinRouting();
        parsers = ctx.spawn(pool, "parsers");
        // Several sources are read side by side (each inflating on its own thread), sharing the credits.
        int readers = Math.min(settings.parallelFiles(), input.size());
        credits = Math.max(1, settings.chunksInFlight() / readers);
        writers.values().forEach(ctx::watch);
        ctx.watch(accumulator);
        ctx.watch(parsers);
        for (int i = 0; i < readers; i++) {
            startReader();
        }
    }

    private void startReader() {
        int source = nextSource++;
        ActorRef<FileReader.Command> reader = getContext().spawn(quietStop(FileReader.create(input, source, credits, parsers,
                accumulator, getContext().getSelf(), settings, buffers, tracer, progress)), "reader-" + source,
                DispatcherSelector.fromConfig("fsscan.io-dispatcher"));
        getContext().watch(reader);
        reader.tell(FileReader.Start.INSTANCE);
    }

    private Behavior<Command> onSourceRead(SourceRead msg) {
        if (nextSource < input.size()) {
            startReader();
        }
        return this;
    }

    /** A failing stage stops without a logged stack trace: this guardian reports its reason in one line. */
    private static <T> Behavior<T> quietStop(Behavior<T> stage) {
        return Behaviors.supervise(FatalErrors.watched(stage))
                .onFailure(Throwable.class, SupervisorStrategy.stop().withLoggingEnabled(false));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Completed.class, this::onCompleted)
                .onMessage(SourceRead.class, this::onSourceRead)
                .onSignal(ChildFailed.class, this::onChildFailed)
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    private Behavior<Command> onCompleted(Completed msg) {
        result.complete(new Result(msg.summary(), msg.accumulatorHeapBytes(), msg.stagedDatabase(), msg.stagedRejects()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onChildFailed(ChildFailed signal) {
        Throwable cause = signal.getCause();
        result.completeExceptionally(new ImportFailedException(signal.getRef().path().name(), cause));
        return Behaviors.stopped();
    }

    private Behavior<Command> onTerminated(Terminated signal) {
        // A pool stops when its last routee has failed: out of memory, say so rather than "stopped".
        result.completeExceptionally(FatalErrors.last() instanceof OutOfMemoryError ? FatalErrors.outOfMemory()
                : new ImportFailedException(signal.getRef().path().name(), new IllegalStateException("stopped unexpectedly")));
        return Behaviors.stopped();
    }
}
