package fsscan.report;

import java.time.LocalDate;
import java.util.Locale;

/** The human forms of figures, one of each for every command. */
public final class Units {

    private static final String[] BYTE_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    /** Binary units as storage administrators read them: 512 B, 1.5 KiB, 12.3 GiB, 150 TiB. */
    public static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int u = -1;
        while (v >= 1024 && u < BYTE_UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, BYTE_UNITS[u]);
    }

    public static String signedBytes(long change) {
        return (change < 0 ? "-" : "+") + bytes(Math.abs(change));
    }

    /** A count for a progress line: 9999, 12.3k, 4.5M. */
    public static String compactCount(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** The day of a time on the scan's clock, "-" when unknown. */
    public static String day(Long epochSeconds) {
        return epochSeconds == null ? "-" : LocalDate.ofEpochDay(Math.floorDiv(epochSeconds, 86400)).toString();
    }
}
