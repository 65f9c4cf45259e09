package fsscan.pipeline;

import fsscan.scan.ChunkParser;
import fsscan.scan.FileGroups;
import fsscan.scan.ParsedChunk;
import fsscan.scan.PathList;
import fsscan.scan.Reject;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.List;

/**
 * Turns a chunk into a {@link ParsedChunk}. Supervised: when parsing throws, the actor is
 * restarted and, because a restarted actor never sees the failed message again, it first sends
 * that chunk to itself to be parsed line by line, where only the line that throws is rejected.
 */
public final class Parser extends AbstractBehavior<Parser.Command> {

    public sealed interface Command permits ParseChunk, ReparseLineByLine {
    }

    /** Parse a chunk; {@code ackTo} learns when the accumulator has merged it. */
    public record ParseChunk(Chunk chunk, ActorRef<Accumulator.Merged> ackTo) implements Command {
    }

    private record ReparseLineByLine(Chunk chunk, ActorRef<Accumulator.Merged> ackTo) implements Command {
    }

    private final ActorRef<Accumulator.Command> accumulator;
    private final ChunkParser parser;
    private final ActorMeter meter;
    private final ActorMeter pool;
    private final ActorMeter accumulatorMeter;
    private final int chunkBytes;
    private final ChunkBuffers buffers;
    private ParseChunk current;

    /** A supervised parser; {@link org.apache.pekko.actor.typed.javadsl.Routers#pool} runs several. */
    public static Behavior<Command> create(ActorRef<Accumulator.Command> accumulator, ImportSettings settings,
                                           ChunkBuffers buffers, Tracer tracer) {
        Behavior<Command> parser = Behaviors.setup(ctx -> new Parser(ctx, accumulator, settings, buffers, tracer,
                System.getProperty(FAIL_ON_LINE_CONTAINING)));
        // Logged by the restarted parser in one line, not as a stack trace by the supervisor.
        return Behaviors.supervise(parser).onFailure(RuntimeException.class,
                SupervisorStrategy.restart().withLoggingEnabled(false));
    }

    /**
     * Test hook, a system property set only by tests: a parser throws on a line containing its
     * value, to exercise supervision. No option or setting a user sees.
     */
    static final String FAIL_ON_LINE_CONTAINING = "fsscan.test.parser-fails-on-line-containing";

    private Parser(ActorContext<Command> ctx, ActorRef<Accumulator.Command> accumulator, ImportSettings settings,
                   ChunkBuffers buffers, Tracer tracer, String failureMarker) {
        super(ctx);
        this.buffers = buffers;
        this.accumulator = accumulator;
        ImportSettings.Lines lines = settings.lines();
        this.parser = new ChunkParser(lines.escapedPaths(), lines.format(), lines.buckets(), failureMarker, buffers.groups());
        this.meter = tracer.meter("parser-" + ctx.getSelf().path().name());
        this.pool = tracer.meter("parsers (pool)");
        this.accumulatorMeter = tracer.meter("accumulator");
        this.chunkBytes = settings.chunkBytes();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ParseChunk.class, this::onParseChunk)
                .onMessage(ReparseLineByLine.class, this::onReparseLineByLine)
                .onSignal(PreRestart.class, signal -> onPreRestart())
                .build();
    }

    private Behavior<Command> onParseChunk(ParseChunk msg) {
        Chunk chunk = msg.chunk();
        long start = meter.begin();
        current = msg;
        ParsedChunk parsed = chunk.overlong() ? overlong(chunk) : parser.parse(chunk.id(), chunk.data(), chunk.length());
        current = null;
        // The parsed chunk holds copies of every byte it needs: the array can be read into again.
        buffers.giveBack(chunk.data());
        deliver(parsed, msg.ackTo(), start, "parse");
        return this;
    }

    private Behavior<Command> onReparseLineByLine(ReparseLineByLine msg) {
        Chunk chunk = msg.chunk();
        getContext().getLog().warn("parser restarted after a failure on chunk {}; parsing it again line by line",
                chunk.id());
        long start = meter.begin();
        ParsedChunk parsed = parser.parseLineByLine(chunk.id(), chunk.data(), chunk.length());
        buffers.giveBack(chunk.data());
        deliver(parsed, msg.ackTo(), start, "reparse");
        return this;
    }

    private void deliver(ParsedChunk parsed, ActorRef<Accumulator.Merged> ackTo, long start, String span) {
        pool.received();
        accumulatorMeter.sent();
        accumulator.tell(new Accumulator.ChunkParsed(parsed, ackTo));
        meter.end(start, span, parsed.chunkId(), parsed.lines());
    }

    private ParsedChunk overlong(Chunk chunk) {
        PathList none = new PathList.Builder(0, 0).build();
        FileGroups noFiles = FileGroups.empty();
        Reject reject = new Reject(0, "line longer than the chunk size (" + chunkBytes + " bytes); start shown",
                java.util.Arrays.copyOf(chunk.data(), chunk.length()));
        return new ParsedChunk(chunk.id(), 1, 0, 0, 0, none, noFiles, List.of(reject));
    }

    private Behavior<Command> onPreRestart() {
        if (current != null) {
            getContext().getSelf().tell(new ReparseLineByLine(current.chunk(), current.ackTo()));
        }
        return this;
    }
}
