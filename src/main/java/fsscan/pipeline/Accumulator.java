package fsscan.pipeline;

import fsscan.db.DatabaseWriter;
import fsscan.db.RejectsFile;
import fsscan.db.ScanSummary;
import fsscan.scan.FileGroups;
import fsscan.scan.ParsedChunk;
import fsscan.scan.Reject;
import fsscan.tree.DirectoryTable;
import fsscan.tree.DirectoryTree;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The only owner of the path-to-directory map and the per-directory figures. Merges parsed chunks
 * in whatever order they arrive (every figure is a sum, a max or an owner merge, so the order does
 * not matter), then at the end of input rolls everything up and streams the rows to the
 * {@link DbWriter} in batches, a bounded number in flight.
 */
public final class Accumulator extends AbstractBehavior<Accumulator.Command> {

    public sealed interface Command permits ChunkParsed, EndOfInput, BatchWritten, PartClosed, RolledUp {
    }

    /** A parsed chunk; {@code ackTo} is told once it is merged. */
    public record ChunkParsed(ParsedChunk chunk, ActorRef<Merged> ackTo) implements Command {
    }

    /** A reader has sent every chunk of source {@code file}: {@code chunks} of them, {@code bytes} (decompressed). */
    public record EndOfInput(int file, long chunks, long bytes, String name) implements Command {
    }

    /** This accumulator's reply to a chunk's reader: the chunk is merged. */
    public record Merged(long chunkId) {
    }

    /**
     * This accumulator's figures for the import's guardian, once every row is sent: the summary,
     * its peak memory, and how the scan's lines came.
     */
    public record Totals(ScanSummary summary, long heapBytes, fsscan.tree.DirectoryTree.LineOrder lineOrder) {
    }

    /** A writer's {@link DbWriter.Written}, adapted. */
    private record BatchWritten(DbWriter.Written written) implements Command {
    }

    /** The figures' roll-up, run beside the main writer's first rows, is done (or failed: {@code failure}). */
    private record RolledUp(long startNanos, Throwable failure) implements Command {
    }

    /** A side writer's {@link DbWriter.Closed}, adapted. */
    private record PartClosed(DbWriter.Closed closed) implements Command {
    }

    private record KeptReject(long chunkId, Reject reject) {
    }

    private static final Comparator<KeptReject> INPUT_ORDER =
            Comparator.comparingLong(KeptReject::chunkId).thenComparingInt(r -> r.reject().lineInChunk());

    private final java.util.Map<DatabaseWriter.Part, ActorRef<DbWriter.Command>> writers;
    private final ActorRef<Totals> totalsTo;
    private final ActorRef<DbWriter.Finished> finishedTo;
    private final ActorRef<DbWriter.Written> writtenTo;
    private final ActorRef<DbWriter.Closed> closedTo;
    private final ImportSettings settings;
    private final ScanInfo info;
    private final ActorMeter meter;
    private final java.util.Map<DatabaseWriter.Part, ActorMeter> writerMeters = new java.util.EnumMap<>(DatabaseWriter.Part.class);
    private final Progress progress;
    private final DirectoryTree tree;
    private final fsscan.scan.GroupBuffers groupBuffers;
    private final List<KeptReject> rejects = new ArrayList<>();
    // Lines per chunk id (source index in the high 32 bits), to number rejected lines per source.
    private final java.util.Map<Long, Integer> linesPerChunk = new java.util.HashMap<>();
    private final String[] sourceNames;
    private int sourcesEnded;
    private long chunksMerged;
    private long expectedChunks;
    private long lines;
    private long headerLines;
    private long malformedLines;
    private long totalSize;
    private long logicalSize;
    private long treeHeapBytes;
    private long histogramBytes;

    private DirectoryTable table;
    // Each writer goes at its own pace, by part: the next id it is to get, batches sent and stored,
    // and whether its last step (MAIN: the indexes; a side part: close) has been asked for.
    private final int[] nextId = new int[DatabaseWriter.Part.values().length];
    private final int[] sent = new int[DatabaseWriter.Part.values().length];
    private final int[] acks = new int[DatabaseWriter.Part.values().length];
    private final boolean[] done = new boolean[DatabaseWriter.Part.values().length];
    private boolean finishSent;
    // The figures are in (the side writers read them); the tree's heap before the roll-up.
    private boolean rolledUp;
    private long treeHeapBytesBeforeRollUp;
    private final java.util.Map<DatabaseWriter.Part, DatabaseWriter.SideTable> closedParts = new java.util.EnumMap<>(DatabaseWriter.Part.class);

    /**
     * The accumulator of one import: its rows go to {@code writers}; its {@link Totals} to
     * {@code totalsTo}, and the main writer's {@link DbWriter.Finished} to {@code finishedTo}.
     */
    static Behavior<Command> create(java.util.Map<DatabaseWriter.Part, ActorRef<DbWriter.Command>> writers, PipelineSetup setup,
                                    ScanInfo info, ActorRef<Totals> totalsTo, ActorRef<DbWriter.Finished> finishedTo) {
        return Behaviors.setup(ctx -> new Accumulator(ctx, writers, setup, info, totalsTo, finishedTo));
    }

    private Accumulator(ActorContext<Command> ctx, java.util.Map<DatabaseWriter.Part, ActorRef<DbWriter.Command>> writers,
                        PipelineSetup setup, ScanInfo info, ActorRef<Totals> totalsTo, ActorRef<DbWriter.Finished> finishedTo) {
        super(ctx);
        this.writers = java.util.Map.copyOf(writers);
        this.sourceNames = new String[info.sources()];
        this.totalsTo = totalsTo;
        this.finishedTo = finishedTo;
        this.settings = setup.settings();
        this.tree = new DirectoryTree(settings.accumulatorThreads());
        this.groupBuffers = setup.buffers().groups();
        tree.givePathsBackTo(groupBuffers::givePathsBack);
        tree.giveColumnsBackTo(groupBuffers::giveBack);
        this.info = info;
        this.meter = setup.tracer().meter("accumulator");
        // The tree's own threads (see DirectoryTree): each a row of --stats.
        tree.meterThreadsWith(stage -> {
            ActorMeter m = setup.tracer().meter("accumulator-" + stage);
            return new DirectoryTree.StageMeter() {
                @Override
                public void queued() {
                    m.sent();
                }

                @Override
                public long begin() {
                    return m.begin();
                }

                @Override
                public void end(long start, long lines) {
                    m.end(start, stage, -1, lines);
                }
            };
        });
        for (DatabaseWriter.Part part : DatabaseWriter.Part.values()) {
            writerMeters.put(part, setup.tracer().meter(DbWriter.meterName(part)));
        }
        this.progress = setup.progress();
        this.writtenTo = ctx.messageAdapter(DbWriter.Written.class, BatchWritten::new);
        this.closedTo = ctx.messageAdapter(DbWriter.Closed.class, PartClosed::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ChunkParsed.class, this::onChunkParsed)
                .onMessage(EndOfInput.class, this::onEndOfInput)
                .onMessage(BatchWritten.class, this::onBatchWritten)
                .onMessage(PartClosed.class, this::onPartClosed)
                .onMessage(RolledUp.class, this::onRolledUp)
                .build();
    }

    private Behavior<Command> onChunkParsed(ChunkParsed msg) {
        long start = meter.begin();
        ParsedChunk c = msg.chunk();
        FileGroups g = c.groups();
        // Every directory's figure, recursive or not, is a part of these totals: while they fit 64
        // bits, no sum of the import can wrap. The parser added up the chunk's (-1: past 2^63).
        long total = totalSize + g.allocatedSum();
        long logical = logicalSize + g.logicalSum();
        if (g.allocatedSum() < 0 || g.logicalSum() < 0 || total < 0 || logical < 0) {
            throw new ImportFailedException("the scan's sizes add up to more than 2^63 bytes (8 EiB), which no file"
                    + " system holds: its s= or a= values cannot be right");
        }
        totalSize = total;
        logicalSize = logical;
        // The tree gives the groups' columns and paths back once it no longer reads them.
        tree.merge(c);
        lines += c.lines();
        headerLines += c.headerLines();
        malformedLines += c.malformedLines();
        linesPerChunk.put(c.chunkId(), c.lines());
        keepRejects(c);
        chunksMerged++;
        progress.linesMerged.addAndGet(c.lines());
        progress.directories.set(tree.size() - 1);
        msg.ackTo().tell(new Merged(c.chunkId()));
        if (!c.rejects().isEmpty()) {
            getContext().getLog().debug("chunk {}: {} malformed lines", c.chunkId(), c.rejects().size());
        }
        meter.end(start, "merge", c.chunkId(), c.lines());
        if (settings.maxMalformed().exceededSoFar(malformedLines)) {
            throw tooManyMalformed();
        }
        return finishIfComplete();
    }

    /** Stops the import (the writer's stop removes its temporary file): the old database stays. */
    private ImportFailedException tooManyMalformed() {
        String first = "";
        if (!rejects.isEmpty()) {
            KeptReject k = rejects.stream().min(INPUT_ORDER).orElseThrow();
            first = "; the first in chunk " + k.chunkId() + ": " + k.reject().reason();
        }
        return new ImportFailedException(String.format(java.util.Locale.ROOT,
                "too many malformed lines: %,d of %,d lines read, more than --max-malformed %s allows%s"
                        + " (is this a policy LIST file?)",
                malformedLines, lines, settings.maxMalformed().describe(), first));
    }

    /** Keeps the first rejects in input order, whatever order the chunks arrive in. */
    private void keepRejects(ParsedChunk c) {
        if (settings.maxRejectsKept() == 0) {
            return;
        }
        for (Reject r : c.rejects()) {
            rejects.add(new KeptReject(c.chunkId(), r));
        }
        if (rejects.size() >= 2 * settings.maxRejectsKept()) {
            rejects.sort(INPUT_ORDER);
            rejects.subList(settings.maxRejectsKept(), rejects.size()).clear();
        }
    }

    private Behavior<Command> onEndOfInput(EndOfInput msg) {
        expectedChunks += msg.chunks();
        sourceNames[msg.file()] = msg.name();
        sourcesEnded++;
        getContext().getLog().info("end of {}: {} chunks, {} bytes", msg.name(), msg.chunks(), msg.bytes());
        return finishIfComplete();
    }

    private Behavior<Command> finishIfComplete() {
        if (sourcesEnded < sourceNames.length || chunksMerged < expectedChunks || table != null) {
            return this;
        }
        if (settings.maxMalformed().exceededAtEnd(malformedLines, lines)) {
            throw tooManyMalformed();
        }
        long start = meter.begin();
        long indexed = tree.heapBytes();
        table = tree.finishStructure();
        progress.rowsToWrite.set(table.size());
        meter.end(start, "number", -1, 0);
        // The main writer's rows and index need only the structure: they start now, while the
        // figures are rolled up beside them (on this actor's dispatcher, whose parsers are done);
        // the other writers start when the figures are in.
        java.util.Arrays.fill(nextId, 1);
        sendBatches();
        long rollUpStart = meter.begin();
        DirectoryTable t = table;
        getContext().pipeToSelf(java.util.concurrent.CompletableFuture.runAsync(t::rollUp, getContext().getExecutionContext()),
                (ok, failure) -> new RolledUp(rollUpStart, failure));
        treeHeapBytesBeforeRollUp = indexed;
        return this;
    }

    private Behavior<Command> onRolledUp(RolledUp msg) {
        if (msg.failure() != null) {
            Throwable f = msg.failure() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : msg.failure();
            if (f instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(f);
        }
        rolledUp = true;
        // The owners are known now: MAIN looks up their names while the figures' rows are written
        // (it gets this before its Finish, which comes from here too).
        writers.get(DatabaseWriter.Part.MAIN).tell(new DbWriter.LookUpOwners(table));
        // Peak: the tree while it was being filled, or the tree without its index plus the roll-up.
        treeHeapBytes = Math.max(treeHeapBytesBeforeRollUp, tree.heapBytes() + table.heapBytes());
        meter.end(msg.startNanos(), "roll-up", -1, 0);
        getContext().getLog().info("rolled up {} directories ({} implied); writing", table.size(),
                table.impliedDirectories());
        sendBatches();
        return this;
    }

    private Behavior<Command> onBatchWritten(BatchWritten msg) {
        acks[msg.written().part().ordinal()]++;
        histogramBytes += msg.written().histogramBytes();
        progress.rowsWritten.set(Math.min(table.size(), stored() * (long) settings.dbBatchRows()));
        sendBatches();
        return this;
    }

    /** Batches every writer has stored. */
    private int stored() {
        int min = Integer.MAX_VALUE;
        for (DatabaseWriter.Part part : writers.keySet()) {
            min = Math.min(min, acks[part.ordinal()]);
        }
        return min;
    }

    /**
     * Each writer gets its next ranges as soon as it has stored earlier ones, a bounded number in
     * flight, without waiting for the others: MAIN appends its pages and builds its index once its
     * rows are in, and appends a side part's pages as soon as that part is closed, while the other
     * side part may still be writing.
     */
    private void sendBatches() {
        for (java.util.Map.Entry<DatabaseWriter.Part, ActorRef<DbWriter.Command>> w : writers.entrySet()) {
            int p = w.getKey().ordinal();
            if (!rolledUp && w.getKey() != DatabaseWriter.Part.MAIN) {
                continue;
            }
            while (sent[p] - acks[p] < settings.dbBatchesInFlight() && nextId[p] <= table.size()) {
                int to = (int) Math.min((long) nextId[p] + settings.dbBatchRows(), table.size() + 1L);
                writerMeters.get(w.getKey()).sent();
                w.getValue().tell(new DbWriter.WriteRows(table, nextId[p], to, writtenTo));
                nextId[p] = to;
                sent[p]++;
            }
            if (nextId[p] > table.size() && !done[p]) {
                // Behind the writer's last rows in its mailbox.
                done[p] = true;
                writerMeters.get(w.getKey()).sent();
                if (w.getKey() == DatabaseWriter.Part.MAIN) {
                    w.getValue().tell(new DbWriter.BuildIndexes(table));
                    finishIfWritten();
                } else {
                    w.getValue().tell(new DbWriter.ClosePart(closedTo));
                }
            }
        }
    }

    private Behavior<Command> onPartClosed(PartClosed msg) {
        closedParts.put(msg.closed().table().part(), msg.closed().table());
        ActorRef<DbWriter.Command> main = writers.get(DatabaseWriter.Part.MAIN);
        writerMeters.get(DatabaseWriter.Part.MAIN).sent();
        main.tell(new DbWriter.AppendSide(msg.closed().table()));
        finishIfWritten();
        return this;
    }

    /**
     * Once every side part is closed (after its last rows, so the totals are final) and MAIN has
     * been sent all its rows and its indexes: the Finish, behind them in MAIN's mailbox.
     */
    private void finishIfWritten() {
        if (closedParts.size() < writers.size() - 1 || !done[DatabaseWriter.Part.MAIN.ordinal()] || finishSent) {
            return;
        }
        finishSent = true;
        ScanSummary summary = summary();
        totalsTo.tell(new Totals(summary, treeHeapBytes, tree.lineOrder()));
        writerMeters.get(DatabaseWriter.Part.MAIN).sent();
        writers.get(DatabaseWriter.Part.MAIN).tell(new DbWriter.Finish(summary, numberedRejects(),
                malformedLines, finishedTo));
    }

    private ScanSummary summary() {
        long now = System.currentTimeMillis();
        return new ScanSummary(info.sourceFiles(), info.filesystem(), info.scanDate(), info.scanDateSource(),
                OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                (now - info.startMillis()) / 1000.0, info.workers(), lines, headerLines, malformedLines,
                tree.fileLines(), tree.listedDirectoryLines(), table.size(), table.impliedDirectories(),
                totalSize, logicalSize, table.maxDepth(), table.ownerRows(),
                malformedLines > 0 ? info.rejectsFile() : null, Math.min(malformedLines, settings.maxRejectsKept()), histogramBytes);
    }

    private List<RejectsFile.Entry> numberedRejects() {
        rejects.sort(INPUT_ORDER);
        int keep = Math.min(rejects.size(), settings.maxRejectsKept());
        // Lines before each chunk within its own source: chunk ids of a source are 0, 1, 2... in its low bits.
        java.util.Map<Long, Long> firstLine = new java.util.HashMap<>();
        java.util.List<Long> ids = new ArrayList<>(linesPerChunk.keySet());
        java.util.Collections.sort(ids);
        long running = 0;
        long source = -1;
        for (long id : ids) {
            if (id >>> 32 != source) {
                source = id >>> 32;
                running = 0;
            }
            firstLine.put(id, running);
            running += linesPerChunk.get(id);
        }
        List<RejectsFile.Entry> out = new ArrayList<>(keep);
        for (KeptReject k : rejects.subList(0, keep)) {
            long line = firstLine.get(k.chunkId()) + k.reject().lineInChunk() + 1;
            String name = sourceNames.length > 1 ? sourceNames[(int) (k.chunkId() >>> 32)] : null;
            out.add(new RejectsFile.Entry(name, line, k.reject().reason(), k.reject().text()));
        }
        return out;
    }
}
