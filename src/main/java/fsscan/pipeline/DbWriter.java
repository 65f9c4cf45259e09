package fsscan.pipeline;

import fsscan.db.DatabaseWriter;
import fsscan.db.RejectsFile;
import fsscan.db.ScanSummary;
import fsscan.tree.DirectoryTable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * One table's writer, on a dispatcher of its own. Opens its temporary file at start (so an
 * unwritable target fails before any parsing) and writes its rows as b-tree pages; MAIN, the only
 * one with a SQLite connection, then appends its pages and the index ({@link BuildIndexes}) and
 * each side part's ({@link AppendSide}), and on {@link Finish} writes the metadata and stages the
 * file for its rename. Any failure stops it, and stopping before the rename deletes the temporary
 * files: never half a database.
 */
public final class DbWriter extends AbstractBehavior<DbWriter.Command> {

    public sealed interface Command permits WriteRows, LookUpOwners, ClosePart, BuildIndexes, AppendSide, Finish {
    }

    /**
     * Store this writer's rows of directories {@code fromId..toId-1}, built here from the table:
     * the table is finished and never changed again, so both writers read it side by side.
     */
    public record WriteRows(DirectoryTable table, int fromId, int toId, ActorRef<Written> replyTo)
            implements Command {
    }

    /**
     * To MAIN once the table is rolled up: look up its owners' names on a thread of their own
     * while the rows are written (see lookUpOwnerNames).
     */
    public record LookUpOwners(DirectoryTable table) implements Command {
    }

    /** To a side writer (STATS, OWNERS): finish its pages and hand them to {@code replyTo}. */
    public record ClosePart(ActorRef<Closed> replyTo) implements Command {
    }

    /** To MAIN after its last {@link WriteRows}: commit them and build the indexes (side writers may still be writing). */
    public record BuildIndexes(DirectoryTable table) implements Command {
    }

    /** To MAIN when a side writer has closed its pages: append them, delete the side file. */
    public record AppendSide(DatabaseWriter.SideTable table) implements Command {
    }

    /** Reply to {@link WriteRows}: this writer's part of the rows up to (not including) {@code toId} is stored. */
    public record Written(int toId, DatabaseWriter.Part part, long histogramBytes) {
    }

    /** Reply to {@link ClosePart}: the side part's pages, complete. */
    public record Closed(DatabaseWriter.SideTable table) {
    }

    /** Reply to {@link Finish}: the database and the rejects file (null: none), staged under temporary names. */
    public record Finished(Path stagedDatabase, Path stagedRejects) {
    }

    /**
     * To the MAIN writer, after {@link BuildIndexes} and a {@link AppendSide} for each side part: write
     * the owner names and the metadata, stage the rejects file; the command checks the result and
     * renames both into place.
     */
    public record Finish(ScanSummary summary, List<RejectsFile.Entry> rejects,
                         long totalRejected, ActorRef<Finished> replyTo) implements Command {
    }

    private final Path target;
    private final DatabaseWriter.Part part;
    private final DatabaseWriter writer;
    private final ActorMeter meter;

    public static Behavior<Command> create(Path target, DatabaseWriter.Part part, Tracer tracer, fsscan.query.NameService names) {
        return Behaviors.setup(ctx -> new DbWriter(ctx, target, part, tracer, names));
    }

    private final fsscan.query.NameService names;
    // MAIN: the table's owners, their names looked up while the rows are written (see lookUpOwnerNames).
    private java.util.concurrent.CompletableFuture<DirectoryTable.OwnerIds> ownerNames;

    private DbWriter(ActorContext<Command> ctx, Path target, DatabaseWriter.Part part, Tracer tracer,
                     fsscan.query.NameService names) throws SQLException, IOException {
        super(ctx);
        this.names = names;
        this.target = target;
        this.part = part;
        this.meter = tracer.meter(meterName(part));
        this.writer = DatabaseWriter.create(target, part);
    }

    static String meterName(DatabaseWriter.Part part) {
        return "db-writer" + part.suffix();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WriteRows.class, this::onWriteRows)
                .onMessage(LookUpOwners.class, this::onLookUpOwners)
                .onMessage(ClosePart.class, this::onClosePart)
                .onMessage(BuildIndexes.class, this::onBuildIndexes)
                .onMessage(AppendSide.class, this::onCopyIn)
                .onMessage(Finish.class, this::onFinish)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onWriteRows(WriteRows msg) {
        long start = meter.begin();
        long histogramBytes;
        try {
            histogramBytes = writer.write(msg.table(), msg.fromId(), msg.toId());
        } catch (IOException e) {
            throw failure(e);
        }
        msg.replyTo().tell(new Written(msg.toId(), part, histogramBytes));
        meter.end(start, "write", -1, msg.toId() - msg.fromId());
        return this;
    }

    /**
     * The table's owners, and their names looked up (getent) on a thread of their own into the
     * name service's cache, where owner_names finds them at the end.
     */
    private java.util.concurrent.CompletableFuture<DirectoryTable.OwnerIds> lookUpOwnerNames(DirectoryTable table) {
        java.util.concurrent.CompletableFuture<DirectoryTable.OwnerIds> done = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                DirectoryTable.OwnerIds owners = table.ownerIds();
                try {
                    names.names(java.util.Arrays.stream(owners.namedUids()).boxed().toList(), false);
                    names.names(java.util.Arrays.stream(owners.namedGids()).boxed().toList(), true);
                } catch (RuntimeException e) {
                    // The main writer asks again at the end, and reports what fails then.
                }
                done.complete(owners);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "fsscan-owner-names");
        t.setDaemon(true);
        t.start();
        return done;
    }

    private Behavior<Command> onClosePart(ClosePart msg) {
        long start = meter.begin();
        try {
            msg.replyTo().tell(new Closed(writer.closePart()));
        } catch (IOException e) {
            throw failure(e);
        }
        meter.end(start, "commit", -1, 0);
        return this;
    }

    private Behavior<Command> onBuildIndexes(BuildIndexes msg) {
        long start = meter.begin();
        try {
            writer.buildIndexes(msg.table());
        } catch (SQLException | IOException e) {
            throw failure(e);
        }
        meter.end(start, "index", -1, 0);
        return this;
    }

    private Behavior<Command> onCopyIn(AppendSide msg) {
        long start = meter.begin();
        try {
            writer.appendSide(msg.table());
        } catch (SQLException | IOException e) {
            throw failure(e);
        }
        meter.end(start, "append " + msg.table().part().table, -1, 0);
        return this;
    }

    private Behavior<Command> onLookUpOwners(LookUpOwners msg) {
        if (ownerNames == null) {
            ownerNames = lookUpOwnerNames(msg.table());
        }
        return this;
    }

    private Behavior<Command> onFinish(Finish msg) {
        long start = meter.begin();
        Path staged;
        Path rejects;
        try {
            staged = writer.finish(msg.summary(), ownerNames.join(), names);
        } catch (SQLException | IOException e) {
            throw failure(e);
        }
        try {
            rejects = RejectsFile.stage(target, msg.rejects(), msg.totalRejected());
        } catch (IOException e) {
            try {
                java.nio.file.Files.deleteIfExists(staged);
            } catch (IOException ignored) {
                // Removed by the next import's clean-up of abandoned files.
            }
            throw new ImportFailedException("cannot write the rejects file next to " + target + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "; " + target + " is left as it was");
        }
        meter.end(start, "metadata+commit", -1, 0);
        msg.replyTo().tell(new Finished(staged, rejects));
        return this;
    }

    /** What went wrong, with the file it was about and what usually causes it. */
    private ImportFailedException failure(Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String hint = "";
        if (reason.contains("SQLITE_FULL") || reason.contains("IOERR") || reason.contains("No space left")
                || reason.contains("File too large")) {
            hint = " (is the disk full, or a file size limit reached?)";
        }
        return new ImportFailedException("cannot write " + writer.tempPath() + " (to become " + target + "): "
                + reason + hint + "; " + target + " is left as it was");
    }

    private Behavior<Command> onPostStop() {
        writer.close();
        return this;
    }
}
