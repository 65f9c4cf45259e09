package fsscan.pipeline;

import fsscan.input.ScanInput;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Reads the input once, front to back, in newline-aligned chunks. It holds one credit per chunk in
 * flight and gets it back when the accumulator has merged that chunk, so memory stays bounded
 * whatever the speed of the parsers. Runs on the I/O dispatcher: reads block.
 */
public final class FileReader extends AbstractBehavior<FileReader.Command> {

    public sealed interface Command permits Start, ChunkMerged, ReadNext {
    }

    public enum Start implements Command { INSTANCE }

    /** This reader's reply to whoever started it: its source is read, the next may start. */
    public record SourceRead(int file) {
    }

    /** The accumulator has merged a chunk ({@link Accumulator.Merged}, adapted): one more may be read. */
    private record ChunkMerged(long chunkId) implements Command {
    }

    private enum ReadNext implements Command { INSTANCE }

    private final ScanInput input;
    private final int fileIndex;
    private final ActorRef<SourceRead> doneTo;
    private final ActorRef<Accumulator.Merged> mergedTo;
    private final int credits;
    private String compression;
    private long decompressedBytes;
    private final ActorRef<Parser.Command> parsers;
    private final ActorRef<Accumulator.Command> accumulator;
    private final ImportSettings settings;
    private final ActorMeter meter;
    private final ActorMeter parserPool;
    private final Progress progress;
    private final ChunkBuffers buffers;
    private ReadableByteChannel channel;
    private byte[] carry = new byte[0];
    private boolean skippingOverlong;
    private boolean eof;
    private boolean done;
    private long nextChunkId;
    private int inFlight;

    /**
     * A reader of source {@code fileIndex} of the input, with {@code credits} chunks in flight; it
     * tells {@code doneTo} when its source is read, so the next one can start.
     */
    static Behavior<Command> create(PipelineSetup setup, int fileIndex, int credits, ActorRef<Parser.Command> parsers,
                                    ActorRef<Accumulator.Command> accumulator, ActorRef<SourceRead> doneTo) {
        return Behaviors.setup(ctx -> new FileReader(ctx, setup, fileIndex, credits, parsers, accumulator, doneTo));
    }

    private FileReader(ActorContext<Command> ctx, PipelineSetup setup, int fileIndex, int credits,
                       ActorRef<Parser.Command> parsers, ActorRef<Accumulator.Command> accumulator, ActorRef<SourceRead> doneTo) {
        super(ctx);
        this.fileIndex = fileIndex;
        this.credits = credits;
        this.doneTo = doneTo;
        this.buffers = setup.buffers();
        this.input = setup.input();
        this.parsers = parsers;
        this.accumulator = accumulator;
        this.settings = setup.settings();
        this.meter = setup.tracer().meter("readers"); // one meter for all readers: busy % can pass 100 with several
        this.parserPool = setup.tracer().meter("parsers (pool)");
        this.progress = setup.progress();
        this.mergedTo = ctx.messageAdapter(Accumulator.Merged.class, m -> new ChunkMerged(m.chunkId()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Start.INSTANCE, this::onStart)
                .onMessage(ChunkMerged.class, this::onChunkMerged)
                .onMessageEquals(ReadNext.INSTANCE, this::onReadNext)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onStart() {
        ScanInput.Opened opened = input.open(fileIndex, progress.bytesRead::addAndGet);
        channel = opened.channel();
        compression = opened.compression();
        getContext().getLog().info("reading {} ({})", input.name(fileIndex), compression);
        return onReadNext();
    }

    private Behavior<Command> onChunkMerged(ChunkMerged msg) {
        inFlight--;
        return onReadNext();
    }

    /** Reads one chunk if a credit is free, and asks itself for the next so acks are not starved. */
    private Behavior<Command> onReadNext() {
        if (done || channel == null || inFlight >= credits) {
            return this;
        }
        long start = meter.begin();
        Chunk chunk = readChunk();
        meter.end(start, "read", chunk == null ? -1 : chunk.id(), 0);
        if (chunk == null) {
            done = true;
            closeChannel();
            accumulator.tell(new Accumulator.EndOfInput(fileIndex, nextChunkId, decompressedBytes, input.name(fileIndex)));
            doneTo.tell(new SourceRead(fileIndex));
            return this;
        }
        inFlight++;
        parserPool.sent();
        parsers.tell(new Parser.ParseChunk(chunk, mergedTo));
        if (inFlight < credits) {
            getContext().getSelf().tell(ReadNext.INSTANCE);
        }
        return this;
    }

    /** The next chunk of whole lines, or null at the end of the source. */
    private Chunk readChunk() {
        return readChunkOfSource();
    }

    /** The next chunk of the current source, or null at its end. */
    private Chunk readChunkOfSource() {
        while (true) {
            if (eof) {
                // All that is left is a last line without a newline, unless it is an overlong one.
                byte[] last = carry;
                carry = new byte[0];
                return last.length == 0 || skippingOverlong ? null : new Chunk(chunkId(nextChunkId++), last, last.length, false);
            }
            byte[] buf = buffers.take();
            System.arraycopy(carry, 0, buf, 0, carry.length);
            int filled = fill(buf, carry.length);
            carry = new byte[0];
            int from = 0;
            if (skippingOverlong) {
                int nl = indexOf(buf, 0, filled, (byte) '\n');
                if (nl < 0) {
                    buffers.giveBack(buf);
                    continue;
                }
                skippingOverlong = false;
                from = nl + 1;
            }
            int lastNl = eof ? filled - 1 : lastIndexOf(buf, from, filled, (byte) '\n');
            if (lastNl < from) {
                if (eof) {
                    return null;
                }
                if (from > 0) {
                    carry = Arrays.copyOfRange(buf, from, filled);
                    buffers.giveBack(buf);
                    continue;
                }
                // One line fills the whole chunk: reject it, keep only its start, skip to its end.
                skippingOverlong = true;
                int keep = Math.min(filled, fsscan.scan.Reject.MAX_TEXT);
                byte[] start = Arrays.copyOf(buf, keep);
                buffers.giveBack(buf);
                return new Chunk(chunkId(nextChunkId++), start, keep, true);
            }
            carry = Arrays.copyOfRange(buf, lastNl + 1, filled);
            if (from > 0) {
                byte[] rest = Arrays.copyOfRange(buf, from, lastNl + 1);
                buffers.giveBack(buf);
                return new Chunk(chunkId(nextChunkId++), rest, rest.length, false);
            }
            return new Chunk(chunkId(nextChunkId++), buf, lastNl + 1, false);
        }
    }

    /** Chunk ids are unique over all sources: the source's index in the high 32 bits. */
    private long chunkId(long local) {
        return (long) fileIndex << 32 | local;
    }

    private int fill(byte[] buf, int filled) {
        ByteBuffer bb = ByteBuffer.wrap(buf, filled, buf.length - filled);
        try {
            while (bb.hasRemaining()) {
                int n = channel.read(bb);
                if (n < 0) {
                    eof = true;
                    break;
                }
                decompressedBytes += n;
            }
        } catch (IOException e) {
            throw ScanInput.unreadable(input.name(fileIndex), compression, e);
        }
        return bb.position();
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte v) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private Behavior<Command> onPostStop() {
        closeChannel();
        return this;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to read from it either way.
            }
        }
    }
}
