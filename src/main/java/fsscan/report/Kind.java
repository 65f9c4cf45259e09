package fsscan.report;

/**
 * What a column holds: it decides the column's alignment and both of its forms, the human one
 * (tables) and the exact one (tsv, csv, json).
 */
public enum Kind {
    /** Text: a path, a name. Left-aligned; control characters escaped in tables. */
    TEXT(false),
    /** A uid, gid or depth: a number shown as it is, without thousands separators. */
    ID(true),
    /** A count: 1,234 in tables. */
    COUNT(true),
    /** A count that changed: +1,234 / -56 in tables. */
    SIGNED_COUNT(true),
    /** Allocated or logical bytes: 1.2 GiB in tables, the exact number elsewhere. */
    BYTES(true),
    /** Bytes that changed: +1.2 GiB / -3.0 MiB in tables. */
    SIGNED_BYTES(true),
    /** A share of a whole, 0 to 1: 12.5% in tables. */
    SHARE(true),
    /** A relative change (0.25 is +25 %): +25.0% in tables, empty when there was nothing before. */
    CHANGE(true),
    /** Seconds since 1970 on the scan's clock: the day in tables ("-" when unknown). */
    TIME(true),
    /** A day as YYYY-MM-DD, already text ("-" when unknown in tables). */
    DATE(false),
    /** A figure already written for people (du --si): right-aligned as it is. */
    FIGURE_TEXT(true);

    public final boolean rightAligned;

    Kind(boolean rightAligned) {
        this.rightAligned = rightAligned;
    }
}
