package fsscan.cli;

import java.util.Locale;

/** Human units for people: binary multiples, as storage administrators read them. */
final class Units {

    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        double v = n;
        int u = 0;
        while (v >= 1024 && u < BYTE_UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, BYTE_UNITS[u]);
    }

    static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }
}
