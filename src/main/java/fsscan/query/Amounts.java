package fsscan.query;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What people type for sizes, counts and ages, turned into numbers. */
public final class Amounts {

    private static final Pattern SIZE = Pattern.compile("(?i)^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgtpe]?)(i?)(b?)\\s*$");
    private static final Pattern COUNT = Pattern.compile("(?i)^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)\\s*$");
    private static final Pattern AGE = Pattern.compile("(?i)^\\s*([0-9]+)\\s*(y|yr|yrs|year|years|mo|mon|month|months|w|wk|weeks?|d|day|days)\\s*$");

    private Amounts() {
    }

    /**
     * Bytes from "10G", "1.5TiB", "500MB", "4096": K/M/G/T/P alone and KiB/MiB/... are binary (as
     * storage administrators read "10G"), KB/MB/GB/... are decimal.
     */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 500MB, 10G, 1.5TiB)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        boolean decimal = m.group(3).isEmpty() && !m.group(4).isEmpty();
        int power = unit.isEmpty() ? 0 : "KMGTPE".indexOf(unit) + 1;
        double scaled = value * Math.pow(decimal ? 1000 : 1024, power);
        if (scaled >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return Math.round(scaled);
    }

    /** A count from "10k", "2M", "1500": decimal multiples. */
    public static long count(String text) {
        Matcher m = COUNT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a count (examples: 1500, 10k, 2M)");
        }
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        int power = unit.isEmpty() ? 0 : "KMGT".indexOf(unit) + 1;
        return Math.round(Double.parseDouble(m.group(1)) * Math.pow(1000, power));
    }

    /**
     * Seconds since 1970 on the scan's clock for "YYYY-MM-DD" (that day's start), or for an age
     * ("3yrs", "6mo", "2w", "90d") counted back from {@code scanDay} (days since 1970).
     */
    public static long instant(String text, long scanDay) {
        Matcher m = AGE.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            char unit = Character.toLowerCase(m.group(2).charAt(0));
            LocalDate scan = LocalDate.ofEpochDay(scanDay);
            LocalDate back;
            if (n > 100_000L * 366) {
                throw new IllegalArgumentException("'" + text + "' is further back than any file's date");
            }
            if (unit == 'y') {
                back = scan.minusYears(n);
            } else if (m.group(2).toLowerCase(Locale.ROOT).startsWith("mo")) {
                back = scan.minusMonths(n);
            } else if (unit == 'w') {
                back = scan.minusWeeks(n);
            } else {
                back = scan.minusDays(n);
            }
            return back.toEpochDay() * 86400;
        }
        try {
            return LocalDate.parse(text.trim()).toEpochDay() * 86400;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD) or an age (3yrs, 6mo, 2w, 90d)");
        }
    }
}
