package fsscan.db;

import fsscan.scan.LineParser;
import fsscan.tree.DirectoryTable;
import fsscan.tree.Owner;

/**
 * One writer's rows for directories {@code fromId..toId-1}, flattened column by column as its
 * table takes them; {@code histogramBytes} counts the encoded histograms among them.
 */
public record RowBatch(int fromId, int toId, Object[] rows, long histogramBytes) {

    static final int DIRECTORY_COLUMNS = 6;
    static final int STATS_COLUMNS = 13;
    static final int OWNER_COLUMNS = 9;
    /** The owner-table gid of files whose list line had no {@code g=} (keys cannot be NULL). */
    public static final long UNKNOWN_GID = -1;

    /**
     * The rows one writer stores: MAIN the directories, STATS their directory_stats rows, OWNERS
     * their per-owner rows. Each writer builds its own part from the finished (read-only) table,
     * on its own thread, so the accumulator builds no rows.
     */
    public static RowBatch forPart(DirectoryTable t, int fromId, int toId, DatabaseWriter.Part part) {
        int n = toId - fromId;
        if (part == DatabaseWriter.Part.MAIN) {
            Object[] dirs = new Object[n * DIRECTORY_COLUMNS];
            int d = 0;
            for (int id = fromId; id < toId; id++) {
                dirs[d++] = id;
                dirs[d++] = t.parentId(id) == 0 ? null : t.parentId(id);
                dirs[d++] = t.name(id);
                dirs[d++] = t.depth(id);
                dirs[d++] = t.lastId(id);
                dirs[d++] = t.listed(id) ? 1 : 0;
            }
            return new RowBatch(fromId, toId, dirs, 0);
        }
        if (part == DatabaseWriter.Part.STATS) {
            Object[] stats = new Object[n * STATS_COLUMNS];
            int s = 0;
            for (int id = fromId; id < toId; id++) {
                stats[s++] = id;
                stats[s++] = t.filesNr(id);
                stats[s++] = t.allocatedNr(id);
                stats[s++] = t.logicalNr(id);
                stats[s++] = t.dirsNr(id);
                stats[s++] = time(t.atimeNr(id));
                stats[s++] = t.filesR(id);
                stats[s++] = t.allocatedR(id);
                stats[s++] = t.logicalR(id);
                stats[s++] = t.dirsR(id);
                stats[s++] = time(t.atimeR(id));
                stats[s++] = owner(t.ownerUid(id));
                stats[s++] = owner(t.ownerGid(id));
            }
            return new RowBatch(fromId, toId, stats, 0);
        }
        int ownerRows = 0;
        for (int id = fromId; id < toId; id++) {
            ownerRows += t.ownerCount(id);
        }
        Object[] owners = new Object[ownerRows * OWNER_COLUMNS];
        int o = 0;
        long histogramBytes = 0;
        for (int id = fromId; id < toId; id++) {
            Integer boxedId = id;
            for (DirectoryTable.OwnerCell cell : t.owners(id)) {
                owners[o++] = boxedId;
                owners[o++] = cell.uid();
                owners[o++] = cell.gid() == Owner.MIXED ? UNKNOWN_GID : cell.gid();
                owners[o++] = cell.files();
                owners[o++] = cell.allocated();
                owners[o++] = cell.logical();
                owners[o++] = time(cell.maxAtime());
                owners[o++] = cell.ageHistogram();
                owners[o++] = cell.sizeHistogram();
                histogramBytes += cell.ageHistogram().length + cell.sizeHistogram().length;
            }
        }
        return new RowBatch(fromId, toId, owners, histogramBytes);
    }

    private static Long time(long t) {
        return t == LineParser.UNKNOWN_TIME ? null : t;
    }

    private static Long owner(long owner) {
        return owner == Owner.MIXED ? null : owner;
    }
}
