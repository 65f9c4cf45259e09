package fsscan.pipeline;

import fsscan.db.DatabaseWriter;
import fsscan.db.RejectsFile;
import fsscan.db.RowBatch;
import fsscan.db.ScanSummary;
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
 * The only SQLite connection, on a dispatcher of its own. Opens the temporary database at start
 * (so an unwritable target fails before any parsing), writes batches in one transaction, and on
 * {@link Finish} builds the indexes and renames the file into place. Any failure stops it, and
 * stopping before the rename deletes the temporary file: never half a database.
 */
public final class DbWriter extends AbstractBehavior<DbWriter.Command> {

    public sealed interface Command permits WriteRows, Finish {
    }

    /** Store a batch of rows; the sender never touches its arrays again. */
    public record WriteRows(RowBatch rows, ActorRef<Accumulator.Command> replyTo) implements Command {
    }

    public record Finish(ScanSummary summary, List<RejectsFile.Entry> rejects, long totalRejected,
                         long accumulatorHeapBytes, ActorRef<ImportJob.Command> replyTo) implements Command {
    }

    private final Path target;
    private final DatabaseWriter writer;
    private final ActorMeter meter;

    public static Behavior<Command> create(Path target, Tracer tracer) {
        return Behaviors.setup(ctx -> new DbWriter(ctx, target, tracer));
    }

    private DbWriter(ActorContext<Command> ctx, Path target, Tracer tracer) throws SQLException, IOException {
        super(ctx);
        this.target = target;
        this.meter = tracer.meter("db-writer");
        this.writer = DatabaseWriter.create(target);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WriteRows.class, this::onWriteRows)
                .onMessage(Finish.class, this::onFinish)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onWriteRows(WriteRows msg) {
        long start = meter.begin();
        RowBatch rows = msg.rows();
        try {
            writer.write(rows);
        } catch (SQLException e) {
            throw failure(e);
        }
        msg.replyTo().tell(new Accumulator.BatchWritten(rows.toId()));
        meter.end(start, "write", -1, rows.toId() - rows.fromId());
        return this;
    }

    private Behavior<Command> onFinish(Finish msg) {
        long start = meter.begin();
        try {
            writer.finish(msg.summary());
            RejectsFile.write(target, msg.rejects(), msg.totalRejected());
        } catch (SQLException | IOException e) {
            throw failure(e);
        }
        meter.end(start, "index+commit", -1, 0);
        msg.replyTo().tell(new ImportJob.Completed(msg.summary(), msg.accumulatorHeapBytes()));
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
