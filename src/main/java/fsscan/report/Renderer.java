package fsscan.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import fsscan.query.TerminalText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Report} in a {@link Format}. Tables align each column by its kind and show the
 * human forms; tsv and csv (Apache Commons CSV: its quoting) and json (Jackson: its escaping) carry
 * the exact values, so any name round-trips.
 */
public final class Renderer {

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
    /**
     * Tab-separated, a value quoted only when it holds a tab, a newline, a CR or a quote (as csv
     * does); a backslash is a backslash, so the {@code \xHH} of names that are not UTF-8 reads as typed.
     */
    private static final CSVFormat TSV = CSVFormat.TDF.builder().setRecordSeparator('\n').setIgnoreSurroundingSpaces(false)
            .setTrim(false).get();

    private Renderer() {
    }

    public static String render(Report r, Format format) {
        try {
            return switch (format) {
                case TABLE -> table(r);
                case TSV -> delimited(r, TSV);
                case CSV -> delimited(r, CSV);
                case JSON -> json(r);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The human form of a value of this kind, as a table shows it. */
    public static String human(Object v, Kind kind) {
        if (v == null) {
            return kind == Kind.TIME || kind == Kind.DATE ? "-" : "";
        }
        return switch (kind) {
            case TEXT -> TerminalText.safe(v.toString());
            case DATE, FIGURE_TEXT -> v.toString();
            case ID -> v.toString();
            case COUNT -> Units.count(((Number) v).longValue());
            case SIGNED_COUNT -> String.format(java.util.Locale.ROOT, "%+,d", ((Number) v).longValue());
            case BYTES -> Units.bytes(((Number) v).longValue());
            case SIGNED_BYTES -> Units.signedBytes(((Number) v).longValue());
            case SHARE -> Units.percent(((Number) v).doubleValue());
            case CHANGE -> String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * ((Number) v).doubleValue());
            case TIME -> Units.day(((Number) v).longValue());
        };
    }

    private static String table(Report r) {
        StringBuilder out = new StringBuilder();
        if (r.scanLines()) {
            for (Report.Scan s : r.scans()) {
                out.append("scan ").append(TerminalText.safe(s.fs())).append(" of ")
                        .append(s.scanDate() == null ? "unknown date" : s.scanDate())
                        .append(s.location() == null ? "" : " (" + TerminalText.safe(s.location()) + ")").append('\n');
            }
        }
        for (String h : r.head()) {
            out.append(h).append('\n');
        }
        Table t = r.table();
        if (t != null && r.tableInText()) {
            List<Column> cols = t.columns();
            List<String[]> cells = new ArrayList<>();
            int[] width = new int[cols.size()];
            String[] head = new String[cols.size()];
            for (int i = 0; i < cols.size(); i++) {
                head[i] = cols.get(i).name().replace('_', ' ');
                width[i] = head[i].length();
            }
            for (Object[] row : t.rows()) {
                String[] c = new String[cols.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = human(row[i], cols.get(i).kind());
                    width[i] = Math.max(width[i], c[i].length());
                }
                cells.add(c);
            }
            line(head, cols, width, out);
            for (String[] c : cells) {
                line(c, cols, width, out);
            }
            if (t.rows().isEmpty() && r.empty() != null) {
                out.append(r.empty()).append('\n');
            }
        }
        for (String f : r.foot()) {
            out.append(f).append('\n');
        }
        return out.toString();
    }

    private static void line(String[] cells, List<Column> cols, int[] width, StringBuilder out) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(Math.max(0, width[i] - cells[i].length()));
            sb.append(i == 0 ? "" : "  ").append(cols.get(i).kind().rightAligned ? pad + cells[i] : cells[i] + pad);
        }
        out.append(sb.toString().stripTrailing()).append('\n');
    }

    private static String delimited(Report r, CSVFormat format) throws IOException {
        StringWriter w = new StringWriter();
        Table t = r.table();
        try (CSVPrinter p = new CSVPrinter(w, format)) {
            List<String> head = new ArrayList<>();
            for (Column c : t.columns()) {
                head.add(c.name());
            }
            p.printRecord(head);
            for (Object[] row : t.rows()) {
                List<Object> values = new ArrayList<>(row.length);
                for (Object v : row) {
                    values.add(v == null ? "" : v);
                }
                p.printRecord(values);
            }
        }
        return w.toString();
    }

    private static String json(Report r) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("scans");
            for (Report.Scan s : r.scans()) {
                g.writeStartObject();
                g.writeStringField("fs", s.fs());
                g.writeStringField("scan_date", s.scanDate());
                if (s.location() != null) {
                    g.writeStringField("file", s.location());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            for (Map.Entry<String, Object> f : r.fields().entrySet()) {
                g.writeFieldName(f.getKey());
                value(g, f.getValue());
            }
            Table t = r.table();
            if (t != null && r.tableInJson()) {
                g.writeArrayFieldStart(t.name());
                // One row a line ("[\n{...},\n{...}\n]"): each row is written by a generator of its own
                // and handed over as a raw value, so the separating comma ends the line before it.
                for (Object[] row : t.rows()) {
                    StringWriter one = new StringWriter().append('\n');
                    try (JsonGenerator rg = new JsonFactory().createGenerator(one)) {
                        rg.writeStartObject();
                        for (int i = 0; i < row.length; i++) {
                            rg.writeFieldName(t.columns().get(i).name());
                            value(rg, row[i]);
                        }
                        rg.writeEndObject();
                    }
                    g.writeRawValue(one.toString());
                }
                if (!t.rows().isEmpty()) {
                    g.writeRaw('\n');
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }

    /** A value into JSON: numbers as numbers, lists and maps as arrays and objects. */
    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
