package fsscan.pipeline;

import java.util.Locale;

/**
 * {@code --max-malformed}: how many malformed lines an import accepts before it stops, as a count
 * ("1000") checked as chunks are merged, or a share of all lines ("0.5%") checked at the end of input.
 */
public record MalformedLimit(long count, double percent) {

    public static final MalformedLimit NONE = new MalformedLimit(Long.MAX_VALUE, 100);

    public static MalformedLimit parse(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1));
                if (p < 0 || p > 100) {
                    throw new NumberFormatException();
                }
                return new MalformedLimit(Long.MAX_VALUE, p);
            }
            long n = Long.parseLong(t);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new MalformedLimit(n, 100);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-malformed takes a count (1000) or a percentage (0.5%), not '" + text + "'");
        }
    }

    /** Past the count: known as soon as it happens. */
    boolean exceededSoFar(long malformed) {
        return malformed > count;
    }

    /** Past the share: known once every line is counted. */
    boolean exceededAtEnd(long malformed, long lines) {
        return malformed > count || (lines > 0 && 100.0 * malformed / lines > percent);
    }

    String describe() {
        return count != Long.MAX_VALUE ? String.format(Locale.ROOT, "%,d", count) : percent + "%";
    }
}
