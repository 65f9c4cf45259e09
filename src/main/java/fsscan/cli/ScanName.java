package fsscan.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a scan's file name tells: {@code YYYYMMDD_<server>_<fs>.list...}. */
public record ScanName(String date, String server, String filesystem) {

    private static final Pattern NAME = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})_([^_]+)_([^.]+)\\.list.*");

    public static Optional<ScanName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ScanName(m.group(1) + "-" + m.group(2) + "-" + m.group(3), m.group(4), m.group(5)));
    }
}
