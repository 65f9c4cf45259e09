package fsscan.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of a command, in every format: the scans it comes from, lines a person reads above
 * and below the table, the table, and the fields a program reads beside it in JSON.
 */
public final class Report {

    /** A scan an answer comes from: its file system, scan date (null: unknown) and where it is kept. */
    public record Scan(String fs, String scanDate, String location) {
    }

    private final List<Scan> scans = new ArrayList<>();
    private final List<String> head = new ArrayList<>();
    private final List<String> foot = new ArrayList<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private Table table;
    private String empty = "(nothing matches)";
    private boolean scanLines = true;
    private boolean tableInJson = true;
    private boolean tableInText = true;

    public Report scans(List<Scan> s) {
        scans.addAll(s);
        return this;
    }

    /**
     * The same answer without where its scans are kept (the web API: a server's file paths are
     * nobody's business): JSON leaves out {@code file}, a table its "(FILE)".
     */
    public Report hideLocations() {
        scans.replaceAll(s -> new Scan(s.fs(), s.scanDate(), null));
        if (table != null) {
            // A summary's scan files: their names say the date and file system; their directories are the server's.
            for (int c = 0; c < table.columns().size(); c++) {
                if (table.columns().get(c).name().equals("source")) {
                    for (Object[] row : table.rows()) {
                        if (row[c] instanceof String files) {
                            List<String> names = new ArrayList<>();
                            for (String f : files.split(", ")) {
                                names.add(f.substring(f.lastIndexOf('/') + 1));
                            }
                            row[c] = String.join(", ", names);
                        }
                    }
                }
            }
        }
        return this;
    }

    /** A line above the table, in the table format only. */
    public Report head(String line) {
        head.add(line);
        return this;
    }

    /** A line below the table, in the table format only. */
    public Report foot(String line) {
        foot.add(line);
        return this;
    }

    /**
     * A JSON field beside the rows (before them): a String, a Number, a Boolean, null, a List or
     * a Map of those.
     */
    public Report field(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    public Report table(Table t) {
        table = t;
        return this;
    }

    /** The table's line when it has no rows; null for none. */
    public Report whenEmpty(String line) {
        empty = line;
        return this;
    }

    /** Whether the table format starts with a "scan FS of DATE (FILE)" line per scan. */
    public Report scanLines(boolean yes) {
        scanLines = yes;
        return this;
    }

    /** Whether JSON carries the table's rows (a histogram's JSON nests its own). */
    public Report tableInJson(boolean yes) {
        tableInJson = yes;
        return this;
    }

    /** Whether the table format shows the table (a histogram's head lines show it their own way). */
    public Report tableInText(boolean yes) {
        tableInText = yes;
        return this;
    }

    public boolean tableInJson() {
        return tableInJson;
    }

    public boolean tableInText() {
        return tableInText;
    }

    public List<Scan> scans() {
        return scans;
    }

    public List<String> head() {
        return head;
    }

    public List<String> foot() {
        return foot;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public Table table() {
        return table;
    }

    public String empty() {
        return empty;
    }

    public boolean scanLines() {
        return scanLines;
    }
}
