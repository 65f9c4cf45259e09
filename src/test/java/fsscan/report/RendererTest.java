package fsscan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every format carries every value back exactly; the table aligns by kind and shows human forms. */
class RendererTest {

    static final List<String> HOSTILE = List.of("plain", "com,ma", "quo\"te", "tab\there", "new\nline", "cr\rback",
            "esc\u001b[2J", "nul-less \u0001 control", "back\\slash", "caf\\xE9", "  spaces  ", "", "unicode \u00e9\u4e2d");

    private static Report report() {
        Table t = new Table("rows", List.of(Column.text("name"), Column.of("size", Kind.BYTES), Column.of("files", Kind.COUNT),
                Column.of("share", Kind.SHARE), Column.of("newest_access", Kind.TIME), Column.of("uid", Kind.ID)));
        long i = 0;
        for (String h : HOSTILE) {
            t.add(h, 1536L * i, 1234L * i, i / 100.0, i == 0 ? null : 86400L * 20000 + i, 10000 + i);
            i++;
        }
        return new Report().scans(List.of(new Report.Scan("fs", "2026-01-11", "/data/fs.db"))).table(t);
    }

    @Test
    void csvTsvAndJsonRoundTripEveryName() throws Exception {
        Report r = report();
        for (CSVFormat f : List.of(CSVFormat.DEFAULT, CSVFormat.TDF)) {
            Format format = f == CSVFormat.DEFAULT ? Format.CSV : Format.TSV;
            List<CSVRecord> records = f.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(false)
                    .setTrim(false).get().parse(new StringReader(Renderer.render(r, format))).getRecords();
            assertEquals(HOSTILE, records.stream().map(x -> x.get("name")).toList(), format.toString());
            assertEquals("1536", records.get(1).get("size"), "exact bytes, not 1.5 KiB");
            assertEquals("", records.get(0).get("newest_access"), "unknown is empty");
        }
        JsonNode json = new ObjectMapper().readTree(Renderer.render(r, Format.JSON));
        List<String> names = new ArrayList<>();
        json.get("rows").forEach(n -> names.add(n.get("name").asText()));
        assertEquals(HOSTILE, names);
        assertTrue(json.get("rows").get(0).get("newest_access").isNull());
        assertEquals(0.02, json.get("rows").get(2).get("share").asDouble());
        assertEquals("2026-01-11", json.get("scans").get(0).get("scan_date").asText());
    }

    @Test
    void aTableAlignsByKindAndNeverPassesAControlCharacter() {
        String text = Renderer.render(report(), Format.TABLE);
        assertTrue(text.startsWith("scan fs of 2026-01-11 (/data/fs.db)\n"), text);
        assertTrue(text.chars().noneMatch(c -> c < 0x20 && c != '\n'), text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(1).startsWith("name"), lines.get(1));
        String row = lines.get(3); // com,ma: 1.5 KiB, 1,234 files, 1.0%, a date, uid 10001
        assertTrue(row.matches("com,ma +1\\.5 KiB +1,234 +1\\.0% +2024-10-04 +10001"), row);
        int sizeEnd = lines.get(1).indexOf("size") + "size".length();
        assertEquals(sizeEnd, row.indexOf("KiB") + 3, "bytes are right-aligned under their header");
        assertTrue(text.contains("tab\\x09here") && text.contains("esc\\x1B[2J"), text);
    }
}
