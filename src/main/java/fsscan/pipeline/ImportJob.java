package fsscan.pipeline;

import fsscan.db.DatabaseWriter;
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

import java.util.concurrent.CompletableFuture;

/**
 * The guardian of one import: starts the pipeline, watches every stage, and completes the
 * caller's future with the report once the accumulator's {@link Accumulator.Totals} and the main
 * writer's {@link DbWriter.Finished} are in, or with the reason when a stage fails (the stage
 * stops, the writers' stop deletes their temporary files, and the old database stays).
 */
final class ImportJob extends AbstractBehavior<ImportJob.Command> {

    sealed interface Command permits SourceDone, TotalsIn, FinishedIn {
    }

    /** A reader's {@link FileReader.SourceRead}, adapted: the next source, if any, may start. */
    private record SourceDone(FileReader.SourceRead read) implements Command {
    }

    private record TotalsIn(Accumulator.Totals totals) implements Command {
    }

    private record FinishedIn(DbWriter.Finished finished) implements Command {
    }

    private final CompletableFuture<ImportReport> result;
    private final PipelineSetup setup;
    private final ActorRef<Accumulator.Command> accumulator;
    private final ActorRef<Parser.Command> parsers;
    private final ActorRef<FileReader.SourceRead> sourceDone;
    private final int credits;
    private int nextSource;
    private Accumulator.Totals totals;
    private DbWriter.Finished finished;

    static Behavior<Command> create(ImportRequest request, CompletableFuture<ImportReport> result) {
        return Behaviors.setup(ctx -> new ImportJob(ctx, request, result));
    }

    private ImportJob(ActorContext<Command> ctx, ImportRequest request, CompletableFuture<ImportReport> result) {
        super(ctx);
        this.result = result;
        ImportSettings settings = request.settings();
        this.setup = new PipelineSetup(request.input(), settings, new ChunkBuffers(settings.chunkBytes()), request.tracer(),
                request.progress());
        java.util.Map<DatabaseWriter.Part, ActorRef<DbWriter.Command>> writers = new java.util.EnumMap<>(DatabaseWriter.Part.class);
        for (DatabaseWriter.Part part : DatabaseWriter.Part.values()) {
            writers.put(part, ctx.spawn(quietStop(DbWriter.create(request.database(), part, request.tracer(), request.names())),
                    DbWriter.meterName(part), DispatcherSelector.fromConfig("fsscan.db-dispatcher")));
        }
        accumulator = ctx.spawn(quietStop(Accumulator.create(writers, setup, request.info(),
                ctx.messageAdapter(Accumulator.Totals.class, TotalsIn::new),
                ctx.messageAdapter(DbWriter.Finished.class, FinishedIn::new))), "accumulator");
        PoolRouter<Parser.Command> pool = Routers.pool(settings.workers(),
                quietStop(Parser.create(accumulator, settings, setup.buffers(), request.tracer()))).withRoundRobinRouting();
        parsers = ctx.spawn(pool, "parsers");
        sourceDone = ctx.messageAdapter(FileReader.SourceRead.class, SourceDone::new);
        // Several sources are read side by side (each inflating on its own thread), sharing the credits.
        int readers = Math.min(settings.parallelFiles(), request.input().size());
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
        ActorRef<FileReader.Command> reader = getContext().spawn(quietStop(FileReader.create(setup, source, credits, parsers,
                accumulator, sourceDone)), "reader-" + source, DispatcherSelector.fromConfig("fsscan.io-dispatcher"));
        getContext().watch(reader);
        reader.tell(FileReader.Start.INSTANCE);
    }

    private Behavior<Command> onSourceDone(SourceDone msg) {
        if (nextSource < setup.input().size()) {
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
                .onMessage(SourceDone.class, this::onSourceDone)
                .onMessage(TotalsIn.class, msg -> {
                    totals = msg.totals();
                    return completeIfDone();
                })
                .onMessage(FinishedIn.class, msg -> {
                    finished = msg.finished();
                    return completeIfDone();
                })
                .onSignal(ChildFailed.class, this::onChildFailed)
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    private Behavior<Command> completeIfDone() {
        if (totals == null || finished == null) {
            return this;
        }
        result.complete(new ImportReport(totals.summary(), totals.heapBytes(), totals.lineOrder(), finished.stagedDatabase(),
                finished.stagedRejects()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onChildFailed(ChildFailed signal) {
        result.completeExceptionally(new ImportFailedException(signal.getRef().path().name(), signal.getCause()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onTerminated(Terminated signal) {
        // A pool stops when its last routee has failed: out of memory, say so rather than "stopped".
        result.completeExceptionally(FatalErrors.last() instanceof OutOfMemoryError ? FatalErrors.outOfMemory()
                : new ImportFailedException(signal.getRef().path().name(), new IllegalStateException("stopped unexpectedly")));
        return Behaviors.stopped();
    }
}
