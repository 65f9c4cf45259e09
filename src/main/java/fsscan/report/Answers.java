package fsscan.report;

import fsscan.query.DirectoryRow;
import fsscan.query.Histogram;
import fsscan.query.OwnerNames;
import fsscan.query.OwnerRow;
import fsscan.query.ScanDiff;
import fsscan.query.ScanStore;
import fsscan.query.Scans;
import fsscan.query.Summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's records as reports, one method per kind of answer, the same for every command and
 * for the web server. One vocabulary: {@code uid}, {@code user}, {@code gid}, {@code group},
 * {@code size} (allocated bytes), {@code files}, {@code newest_access}.
 */
public final class Answers {

    private Answers() {
    }

    public static List<Report.Scan> scans(List<? extends ScanStore> stores) {
        List<Report.Scan> out = new ArrayList<>();
        for (ScanStore s : stores) {
            out.add(new Report.Scan(s.filesystem(), s.scanDate(), s.location()));
        }
        return out;
    }

    /** A directory's single owner: the name, "multiple" when several, "-" without files. */
    public static String owner(Long id, OwnerNames names, boolean group) {
        if (id == null) {
            return "multiple";
        }
        if (id == -1) {
            return "-";
        }
        return names.nameOrId(id, group);
    }

    /** A listing; a table shows the file system only when there are several, the scan date in its head. */
    public static Report directories(Scans scans, List<DirectoryRow> rows, boolean verbose, Format format) {
        boolean many = scans.stores().size() > 1;
        boolean machine = format != Format.TABLE;
        List<Column> cols = new ArrayList<>();
        if (many || machine) {
            cols.add(Column.text("fs"));
        }
        if (machine) {
            cols.add(Column.of("scan_date", Kind.DATE));
        }
        cols.addAll(List.of(Column.text("path"), Column.of("size", Kind.BYTES), Column.of("own_size", Kind.BYTES),
                Column.of("files", Kind.COUNT), Column.of("own_files", Kind.COUNT), Column.of("newest_access", Kind.TIME),
                Column.text("user")));
        if (verbose) {
            cols.addAll(List.of(Column.of("depth", Kind.ID), Column.of("dirs", Kind.COUNT), Column.of("own_dirs", Kind.COUNT),
                    Column.text("group")));
        }
        Map<String, String> dates = new LinkedHashMap<>();
        for (ScanStore s : scans.stores()) {
            dates.put(s.filesystem(), s.scanDate());
        }
        Table t = new Table("directories", cols);
        scans.names().prefetch(rows.stream().map(DirectoryRow::ownerUid).filter(java.util.Objects::nonNull).toList(), false);
        if (verbose) {
            scans.names().prefetch(rows.stream().map(DirectoryRow::ownerGid).filter(java.util.Objects::nonNull).toList(), true);
        }
        for (DirectoryRow r : rows) {
            List<Object> v = new ArrayList<>();
            if (many || machine) {
                v.add(r.filesystem());
            }
            if (machine) {
                v.add(dates.get(r.filesystem()));
            }
            v.addAll(List.of(r.path(), r.totalSizeR(), r.totalSizeNr(), r.fileCountR(), r.fileCountNr()));
            v.add(r.maxAtimeR());
            v.add(owner(r.ownerUid(), scans.names(), false));
            if (verbose) {
                v.addAll(List.of((long) r.depth(), r.dirCountR(), r.dirCountNr(), owner(r.ownerGid(), scans.names(), true)));
            }
            t.add(v.toArray());
        }
        return new Report().scans(scans(scans.stores())).table(t);
    }

    /**
     * The lines under a listing in a table: the scope's totals (every file once) and, when the
     * limit cut the listing, how many of the matching directories it shows.
     */
    public static Report withTotals(Report r, int shown, long matching, long[] scopeTotals, String scope) {
        r.foot(String.format(Locale.ROOT, "total in %s: %s in %s files", scope, Units.bytes(scopeTotals[0]),
                Units.count(scopeTotals[1])));
        if (matching > shown) {
            r.foot(String.format(Locale.ROOT, "%s of %s directories shown (-n 0 for all)", Units.count(shown), Units.count(matching)));
        }
        return r;
    }

    /** Per-owner totals; shares are of everything in scope, not only of the rows shown. */
    public static Report owners(Scans scans, List<OwnerRow> all, int limit, boolean byGroup) {
        long total = 0;
        for (OwnerRow o : all) {
            total += o.totalSize();
        }
        List<OwnerRow> rows = limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
        Table t = new Table(byGroup ? "groups" : "owners", List.of(Column.text(byGroup ? "group" : "user"),
                Column.of(byGroup ? "gid" : "uid", Kind.ID), Column.of("size", Kind.BYTES), Column.of("share", Kind.SHARE),
                Column.of("files", Kind.COUNT), Column.of("logical_size", Kind.BYTES), Column.of("directories", Kind.COUNT),
                Column.of("newest_access", Kind.TIME)));
        scans.names().prefetch(rows.stream().map(OwnerRow::id).toList(), byGroup);
        for (OwnerRow o : rows) {
            t.add(scans.names().nameOrId(o.id(), byGroup), o.id(), o.totalSize(), o.totalSize() / (double) Math.max(1, total),
                    o.files(), o.logicalSize(), o.directories(), o.maxAtime());
        }
        long files = 0;
        for (OwnerRow o : all) {
            files += o.files();
        }
        Report r = new Report().scans(scans(scans.stores())).table(t);
        r.foot(String.format(Locale.ROOT, "total: %s in %s files of %s %s", Units.bytes(total), Units.count(files),
                Units.count(all.size()), byGroup ? "groups" : "users"));
        if (rows.size() < all.size()) {
            r.foot(String.format(Locale.ROOT, "%s of %s %s shown (-n 0 for all)", Units.count(rows.size()), Units.count(all.size()),
                    byGroup ? "groups" : "users"));
        }
        return r;
    }

    public static Report summary(Scans scans, List<Summary> rows) {
        Table t = new Table("summary", List.of(Column.text("fs"), Column.of("scan_date", Kind.DATE),
                Column.of("directories", Kind.COUNT), Column.of("files", Kind.COUNT), Column.of("size", Kind.BYTES),
                Column.of("logical_size", Kind.BYTES), Column.of("deepest_level", Kind.ID), Column.of("owners", Kind.COUNT),
                Column.of("malformed_lines", Kind.COUNT), Column.text("source")));
        for (Summary s : rows) {
            t.add(s.filesystem(), s.scanDate(), s.directories(), s.files(), s.totalSize(), s.logicalSize(), (long) s.maxDepth(),
                    s.owners(), s.malformedLines(), s.source());
        }
        return new Report().scans(scans(scans.stores())).scanLines(false).table(t);
    }

    /** The top users of a bucket by bytes (then files, then uid): {uid, files, bytes}. */
    private static List<long[]> top(Histogram h, int bucket, int topN) {
        List<long[]> users = new ArrayList<>();
        h.userBytes().forEach((uid, bytes) -> {
            long files = h.userFiles().get(uid)[bucket];
            if (files > 0) {
                users.add(new long[] {uid, files, bytes[bucket]});
            }
        });
        users.sort(java.util.Comparator.<long[]>comparingLong(u -> -u[2]).thenComparingLong(u -> -u[1])
                .thenComparingLong(u -> u[0]));
        return users.size() > topN ? users.subList(0, topN) : users;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /**
     * A histogram: a table of buckets with a bar and each bucket's top users for a person; for
     * programs, one row per bucket and per top user (tsv, csv), or buckets with their users (json).
     */
    public static Report histogram(Scans scans, Histogram h, List<String> labels, boolean bySize, int topN) {
        long files = h.totalFiles();
        long bytes = h.totalBytes();
        long biggest = 0;
        for (long b : h.bytes()) {
            biggest = Math.max(biggest, b);
        }
        Report r = new Report().scans(scans(scans.stores())).whenEmpty(null);
        r.head(String.format(Locale.ROOT, "%-14s %13s %7s %10s %7s", bySize ? "file size" : "access age", "files", "share",
                "size", "share"));
        Table t = new Table("rows", List.of(Column.text("row"), Column.text("bucket"), Column.of("uid", Kind.ID),
                Column.text("user"), Column.of("files", Kind.COUNT), Column.of("bytes", Kind.BYTES),
                Column.of("bytes_share", Kind.SHARE)));
        List<Object> buckets = new ArrayList<>();
        scans.names().prefetch(h.userFiles().keySet(), false);
        for (int b = 0; b < labels.size(); b++) {
            int bar = biggest == 0 ? 0 : (int) Math.round(40.0 * h.bytes()[b] / biggest);
            r.head(String.format(Locale.ROOT, "%-14s %,13d %6.1f%% %10s %6.1f%%  %s", labels.get(b), h.files()[b],
                    100 * share(h.files()[b], files), Units.bytes(h.bytes()[b]), 100 * share(h.bytes()[b], bytes),
                    "#".repeat(bar)).stripTrailing());
            t.add("bucket", labels.get(b), null, null, h.files()[b], h.bytes()[b], share(h.bytes()[b], bytes));
            List<String> shown = new ArrayList<>();
            List<Object> users = new ArrayList<>();
            for (long[] u : top(h, b, topN)) {
                String name = scans.names().name(u[0], false);
                shown.add(String.format(Locale.ROOT, "%s %s (%.1f%%)", fsscan.query.TerminalText.safe(name != null ? name
                        : Long.toString(u[0])), Units.bytes(u[2]), 100 * share(u[2], h.bytes()[b])));
                t.add("user", labels.get(b), u[0], name, u[1], u[2], share(u[2], h.bytes()[b]));
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("uid", u[0]);
                user.put("user", name);
                user.put("files", u[1]);
                user.put("bytes", u[2]);
                user.put("bytes_share", share(u[2], h.bytes()[b]));
                users.add(user);
            }
            if (!shown.isEmpty()) {
                r.head("               top: " + String.join(", ", shown));
            }
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("label", labels.get(b));
            bucket.put("files", h.files()[b]);
            bucket.put("bytes", h.bytes()[b]);
            bucket.put("files_share", share(h.files()[b], files));
            bucket.put("bytes_share", share(h.bytes()[b], bytes));
            bucket.put("top_users", users);
            buckets.add(bucket);
        }
        r.head(String.format(Locale.ROOT, "%-14s %,13d %6.1f%% %10s %6.1f%%", "total", files, 100.0, Units.bytes(bytes), 100.0));
        t.add("total", null, null, null, files, bytes, 1.0);
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("files", files);
        total.put("bytes", bytes);
        return r.table(t).tableInJson(false).tableInText(false).field("histogram", bySize ? "file_size" : "access_age")
                .field("buckets", buckets).field("total", total);
    }

    /** "fs of date (file)", as compare's head names a scan. */
    private static String scanName(ScanStore s) {
        return fsscan.query.TerminalText.safe(s.filesystem() + " of " + (s.scanDate() == null ? "unknown date" : s.scanDate())
                + " (" + s.location() + ")");
    }

    private static List<Column> changeColumns(String first, Column second) {
        return List.of(Column.text(first), second, Column.text("status"), Column.of("old_size", Kind.BYTES),
                Column.of("new_size", Kind.BYTES), Column.of("size_change", Kind.SIGNED_BYTES),
                Column.of("change_pct", Kind.CHANGE), Column.of("old_files", Kind.COUNT), Column.of("new_files", Kind.COUNT),
                Column.of("files_change", Kind.SIGNED_COUNT));
    }

    private static String status(ScanDiff.Status s, Format format) {
        return s == ScanDiff.Status.BOTH ? (format == Format.TABLE ? "" : "both") : s.name().toLowerCase(Locale.ROOT);
    }

    private static Double change(long before, long after) {
        return before == 0 ? null : (after - before) / (double) before;
    }

    /** What changed, directory by directory, with the scope's totals. */
    public static Report changes(ScanStore older, ScanStore newer, ScanDiff.Result r, String prefix, Integer minDepth,
                                 Integer maxDepth, Format format) {
        Report report = new Report().scans(scans(List.of(older, newer))).scanLines(false);
        String scope = "scope " + (prefix == null ? "everything" : fsscan.query.TerminalText.safe(prefix));
        if (minDepth != null || maxDepth != null) {
            scope += ", depth " + (minDepth == null ? "1" : minDepth) + "-" + (maxDepth == null ? "" : maxDepth);
        }
        Double pct = change(r.oldSize(), r.newSize());
        report.head("compare " + scanName(older) + " -> " + scanName(newer)).head(scope)
                .head(String.format(Locale.ROOT, "size %s -> %s (%s%s); files %,d -> %,d (%+,d); directories %,d -> %,d"
                                + " (%,d new, %,d gone)", Units.bytes(r.oldSize()), Units.bytes(r.newSize()),
                        Units.signedBytes(r.newSize() - r.oldSize()), pct == null ? "" : ", " + Renderer.human(pct, Kind.CHANGE),
                        r.oldFiles(), r.newFiles(), r.newFiles() - r.oldFiles(), r.oldDirectories(), r.newDirectories(),
                        r.added(), r.removed()));
        Table t = new Table("changes", changeColumns("path", Column.of("depth", Kind.ID)));
        for (ScanDiff.Change c : r.rows()) {
            t.add(c.path(), (long) c.depth(), status(c.status(), format), c.oldSize(), c.newSize(), c.sizeChange(),
                    change(c.oldSize(), c.newSize()), c.oldFiles(), c.newFiles(), c.filesChange());
        }
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("old_size", r.oldSize());
        total.put("new_size", r.newSize());
        total.put("old_files", r.oldFiles());
        total.put("new_files", r.newFiles());
        total.put("old_directories", r.oldDirectories());
        total.put("new_directories", r.newDirectories());
        total.put("new", r.added());
        total.put("gone", r.removed());
        total.put("path_prefix", prefix);
        if (r.listed() > r.rows().size()) {
            report.foot(String.format(Locale.ROOT, "%s of %s directories shown (-n 0 for all)", Units.count(r.rows().size()),
                    Units.count(r.listed())));
        }
        return report.field("total", total).table(t);
    }

    /** Who grew: each owner's totals in the two scans. */
    public static Report ownerChanges(ScanStore older, ScanStore newer, OwnerNames names, List<Scans.OwnerChange> rows,
                                      long listed, String prefix, boolean byGroup, Format format) {
        Report report = new Report().scans(scans(List.of(older, newer))).scanLines(false);
        report.head("compare " + scanName(older) + " -> " + scanName(newer))
                .head("scope " + (prefix == null ? "everything" : fsscan.query.TerminalText.safe(prefix)) + ", per "
                        + (byGroup ? "group" : "owner"));
        Table t = new Table(byGroup ? "groups" : "owners", changeColumns(byGroup ? "group" : "user",
                Column.of(byGroup ? "gid" : "uid", Kind.ID)));
        names.prefetch(rows.stream().map(Scans.OwnerChange::id).toList(), byGroup);
        for (Scans.OwnerChange c : rows) {
            t.add(names.nameOrId(c.id(), byGroup), c.id(), status(c.status(), format), c.oldSize(), c.newSize(),
                    c.sizeChange(), change(c.oldSize(), c.newSize()), c.oldFiles(), c.newFiles(), c.filesChange());
        }
        if (listed > rows.size()) {
            report.foot(String.format(Locale.ROOT, "%s of %s %s shown (-n 0 for all)", Units.count(rows.size()), Units.count(listed),
                    byGroup ? "groups" : "users"));
        }
        return report.table(t);
    }
}
