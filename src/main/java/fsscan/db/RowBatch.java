package fsscan.db;

import fsscan.scan.LineParser;
import fsscan.tree.DirectoryTable;
import fsscan.tree.Owner;

/**
 * The rows each writer stores for directories {@code fromId..toId-1}, read from the finished
 * (read-only) table and encoded straight into that writer's pages: MAIN the directories, STATS
 * their directory_stats rows, OWNERS their per-owner rows in key order. Each writer does its own
 * part on its own thread, so the accumulator builds no rows; no value is boxed on the way.
 */
final class RowBatch {

    static final int DIRECTORY_COLUMNS = 6;
    static final int STATS_COLUMNS = 13;
    static final int OWNER_COLUMNS = 9;
    /** The owner-table gid of files whose list line had no {@code g=} (keys cannot be NULL). */
    public static final long UNKNOWN_GID = -1;

    private RowBatch() {
    }

    /** MAIN: {@code directories} rows (dir_id, parent_id, name, depth, last_id, listed). */
    static void directories(DirectoryTable t, int fromId, int toId, RowidPages pages, BtreePages.Record r)
            throws java.io.IOException {
        for (int id = fromId; id < toId; id++) {
            r.reset();
            r.nullValue(); // dir_id: the rowid
            if (t.parentId(id) == 0) {
                r.nullValue();
            } else {
                r.integer(t.parentId(id));
            }
            r.text(t.nameUtf8(id));
            r.integer(t.depth(id));
            r.integer(t.lastId(id));
            r.integer(t.listed(id) ? 1 : 0);
            pages.add(id, r);
        }
    }

    /** STATS: {@code directory_stats} rows; unknown times and mixed owners are NULL. */
    static void stats(DirectoryTable t, int fromId, int toId, RowidPages pages, BtreePages.Record r)
            throws java.io.IOException {
        for (int id = fromId; id < toId; id++) {
            r.reset();
            r.nullValue(); // dir_id: the rowid
            r.integer(t.filesNr(id));
            r.integer(t.allocatedNr(id));
            r.integer(t.logicalNr(id));
            r.integer(t.dirsNr(id));
            time(r, t.atimeNr(id));
            r.integer(t.filesR(id));
            r.integer(t.allocatedR(id));
            r.integer(t.logicalR(id));
            r.integer(t.dirsR(id));
            time(r, t.atimeR(id));
            owner(r, t.ownerUid(id));
            owner(r, t.ownerGid(id));
            pages.add(id, r);
        }
    }

    /**
     * OWNERS: {@code directory_owners} rows, the WITHOUT ROWID table's entries in key order
     * (dir_id, uid, gid). Returns the bytes of the encoded histograms among them.
     */
    static long owners(DirectoryTable t, int fromId, int toId, IndexPages pages, BtreePages.Record r)
            throws java.io.IOException {
        OwnerRows rows = new OwnerRows(pages, r);
        fsscan.tree.EncodedHistograms histograms = new fsscan.tree.EncodedHistograms();
        for (int id = fromId; id < toId; id++) {
            rows.dir = id;
            t.forEachOwner(id, histograms, rows);
        }
        return rows.histogramBytes;
    }

    /** The owner rows of one directory after another: one sink for all of them (no object per directory). */
    private static final class OwnerRows implements DirectoryTable.OwnerSink {
        private final IndexPages pages;
        private final BtreePages.Record r;
        long dir;
        long histogramBytes;
        private long lastDir = Long.MIN_VALUE;
        private long lastUid;
        private long lastGid;

        OwnerRows(IndexPages pages, BtreePages.Record r) {
            this.pages = pages;
            this.r = r;
        }

        @Override
        public void cell(long uid, long gid, long files, long allocated, long logical, long maxAtime,
                         fsscan.tree.EncodedHistograms h) throws java.io.IOException {
            long stored = gid == Owner.MIXED ? UNKNOWN_GID : gid;
            if (dir < lastDir || dir == lastDir && (uid < lastUid || uid == lastUid && stored <= lastGid)) {
                throw new IllegalStateException("owner rows out of key order: (" + dir + ", " + uid + ", " + stored
                        + ") after (" + lastDir + ", " + lastUid + ", " + lastGid + ")");
            }
            lastDir = dir;
            lastUid = uid;
            lastGid = stored;
            r.reset();
            r.integer(dir);
            r.integer(uid);
            r.integer(stored);
            r.integer(files);
            r.integer(allocated);
            r.integer(logical);
            time(r, maxAtime);
            r.blob(h.bytes(), 0, h.ageLength());
            r.blob(h.bytes(), h.ageLength(), h.sizeLength());
            pages.add(r);
            histogramBytes += h.ageLength() + h.sizeLength();
        }
    }

    private static void time(BtreePages.Record r, long t) {
        if (t == LineParser.UNKNOWN_TIME) {
            r.nullValue();
        } else {
            r.integer(t);
        }
    }

    private static void owner(BtreePages.Record r, long owner) {
        if (owner == Owner.MIXED) {
            r.nullValue();
        } else {
            r.integer(owner);
        }
    }
}
