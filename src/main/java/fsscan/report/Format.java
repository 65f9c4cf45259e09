package fsscan.report;

import java.util.Locale;

/** How an answer is written: aligned for a person, or tsv, csv, json for programs. */
public enum Format {
    TABLE, TSV, CSV, JSON;

    /** The format asked for, else a table on a terminal and tsv into a pipe or a file. */
    public static Format choose(Format asked, boolean toTerminal) {
        return asked != null ? asked : toTerminal ? TABLE : TSV;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
