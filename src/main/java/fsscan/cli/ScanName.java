package fsscan.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a scan's file name tells: {@code YYYYMMDD_<server>_<fs>.list...}. */
public record ScanName(String date, String server, String filesystem) {

    /** The scan date, checked: a name like 20260230_... gives no date, and saying so is the caller's. */
    String checkedDate(String fileName) {
        try {
            return java.time.LocalDate.parse(date).toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw new Main.UserException("the file name " + fileName + " gives the scan date " + date
                    + ", which is not a date: rename the file, or give the day with --scan-date YYYY-MM-DD");
        }
    }

    private static final Pattern NAME = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})_([^_]+)_([^.]+)\\.list.*");

    public static Optional<ScanName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String date = m.group(1) + "-" + m.group(2) + "-" + m.group(3);
        return Optional.of(new ScanName(date, m.group(4), m.group(5)));
    }
}
