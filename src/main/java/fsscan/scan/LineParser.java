package fsscan.scan;

/**
 * Parses one line of a GPFS policy LIST file, straight from the bytes of a chunk.
 *
 * <p>No object is allocated per line: the result lands in a reusable {@link ParsedLine}. The path is
 * left as a slice of the input unless it had to be rewritten (percent-decoding or escaping of bytes
 * that are not UTF-8), in which case it is a slice of the parser's own scratch buffer.
 */
public final class LineParser {

    /** Time value meaning "access time not known". */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;
    /** Owner value meaning "not given on the line" (a list without {@code g=}). */
    public static final long UNKNOWN_OWNER = -2;

    /** Which list format a line is in: GPFS LIST, Lustre {@code lfs find --printf}, or each line by its look. */
    public enum Format {
        AUTO, GPFS, LUSTRE;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final boolean escapedPaths;
    private final Format format;
    private byte[] scratch = new byte[4096];
    /** A path's canonical bytes when it is not valid UTF-8 (from the path or from scratch). */
    private byte[] escaped = new byte[4096];

    public LineParser(boolean escapedPaths) {
        this(escapedPaths, Format.AUTO);
    }

    public LineParser(boolean escapedPaths, Format format) {
        this.escapedPaths = escapedPaths;
        this.format = format;
    }

    /** Parses {@code buf[start, end)}, a line without its {@code \n}. */
    public void parse(byte[] buf, int start, int end, ParsedLine out) {
        out.reset();
        if (end > start && buf[end - 1] == '\r') {
            end--;
        }
        int pos = skipSpaces(buf, start, end);
        if (pos == end) {
            out.kind = ParsedLine.Kind.HEADER;
            return;
        }
        byte first = buf[pos];
        if (first == '#') {
            out.kind = ParsedLine.Kind.HEADER;
            return;
        }
        if (format == Format.LUSTRE || (format == Format.AUTO && startsWithFid(buf, pos, end))) {
            parseLustre(buf, pos, end, out);
            return;
        }
        if (first == '[') {
            out.kind = ParsedLine.Kind.HEADER;
            return;
        }
        if (first == '<') {
            int close = indexOf(buf, pos + 1, end, (byte) '>');
            if (close < 0) {
                out.malformed("unterminated <thread> token");
                return;
            }
            pos = skipSpaces(buf, close + 1, end);
        }
        // inode, generation, snapshot id
        for (int i = 0; i < 3; i++) {
            int numEnd = pos;
            while (numEnd < end && buf[numEnd] != ' ' && buf[numEnd] != '\t') {
                numEnd++;
            }
            long value = parseNumber(buf, pos, numEnd);
            if (value < 0) {
                out.malformed(numEnd > pos && allDigits(buf, pos, numEnd) ? "number overflows 64 bits"
                        : "expected inode, generation and snapshot numbers");
                return;
            }
            if (i == 0) {
                out.inode = value;
            }
            pos = skipSpaces(buf, numEnd, end);
        }
        int pathStart = parseFields(buf, pos, end, out, false);
        if (pathStart >= 0) {
            setPath(buf, pathStart, end, out);
        }
    }

    /** A Lustre FID, "0x200000401:0x1:0x0" or "[0x200000401:0x1:0x0]", starts the line. */
    private static boolean startsWithFid(byte[] buf, int pos, int end) {
        int p = buf[pos] == '[' ? pos + 1 : pos;
        return p + 1 < end && buf[p] == '0' && buf[p + 1] == 'x';
    }

    /**
     * {@code <FID> s=SIZE b=BLOCKS u=UID g=GID p=PARENT type=T perm=MODE a=ATIME m=.. c=.. -- PATH}:
     * blocks of 512 bytes, times in epoch seconds; {@code type=d} is a directory, anything else a file.
     */
    private void parseLustre(byte[] buf, int pos, int end, ParsedLine out) {
        while (pos < end && buf[pos] != ' ' && buf[pos] != '\t') {
            pos++;
        }
        int pathStart = parseFields(buf, skipSpaces(buf, pos, end), end, out, true);
        if (pathStart >= 0) {
            setPath(buf, pathStart, end, out);
        }
    }

    private static final int KEY_SIZE = 1;
    private static final int KEY_ALLOCATED = 2;
    private static final int KEY_UID = 4;
    private static final int KEY_GID = 8;
    private static final int KEY_MODE = 16;
    private static final int KEY_TIME = 32;
    /**
     * s, a (Lustre: b), u, g, p (Lustre: type) and the access time: a line that has given all of
     * them has nothing more for us before the path (mt=, cr=, nl=, m=, c=... are skipped unread).
     * A key given twice counts where it is first seen, once all six are in.
     */
    private static final int ALL_KEYS = 63;
    /** A data line without these is malformed. */
    private static final int REQUIRED_KEYS = KEY_SIZE | KEY_UID | KEY_MODE;

    /** A token "--" with a space on each side is the first " -- ": the path follows it. */
    private static boolean isSeparator(byte[] buf, int tokStart, int tokEnd, int end) {
        return tokEnd - tokStart == 2 && buf[tokStart] == '-' && buf[tokStart + 1] == '-'
                && buf[tokStart - 1] == ' ' && tokEnd < end && buf[tokEnd] == ' ';
    }

    /** Reads the key=value fields up to " -- "; returns where the path starts, or -1 (malformed). */
    private int parseFields(byte[] buf, int pos, int end, ParsedLine out, boolean lustre) {
        int seen = 0; // the keys read so far, one bit each: once all are in, the rest is skipped
        int pathStart = -1;
        while (pos < end) {
            if (seen == ALL_KEYS) {
                // Every key this parser reads has been seen, and tokens hold no spaces: the path
                // follows the first " -- " from here.
                int sep = Bytes.separator(buf, pos - 1, end);
                if (sep >= 0) {
                    pathStart = sep + 4;
                }
                break;
            }
            pos = skipSpaces(buf, pos, end);
            if (pos >= end) {
                break;
            }
            int tokEnd = Bytes.tokenEnd(buf, pos, end);
            if (isSeparator(buf, pos, tokEnd, end)) {
                pathStart = tokEnd + 1;
                break;
            }
            int eq = indexOf(buf, pos, tokEnd, (byte) '=');
            if (eq > pos) {
                int keyLen = eq - pos;
                int v = eq + 1;
                byte key = buf[pos];
                if (lustre && keyLen == 1 && key == 'a') {
                    out.accessTime = parseEpoch(buf, v, tokEnd);
                    seen |= KEY_TIME;
                } else if (keyLen == 1 && (key == 's' || key == 'a' || key == 'u' || key == 'g' || (lustre && key == 'b'))) {
                    long n = parseNumber(buf, v, tokEnd);
                    if (n < 0) {
                        out.malformed((char) key + "= is not a number");
                        return -1;
                    }
                    if ((key == 'b' && n > Long.MAX_VALUE / 512) || (key == 'a' && n > Long.MAX_VALUE / 1024)) {
                        // Allocated bytes must fit 64 bits like every other figure, or sums wrap.
                        out.malformed((char) key + "= is too large (allocated bytes beyond 2^63)");
                        return -1;
                    }
                    if (key == 's') {
                        out.size = n;
                        seen |= KEY_SIZE;
                    } else if (key == 'a') {
                        out.allocatedKiB = n;
                        seen |= KEY_ALLOCATED;
                    } else if (key == 'b') {
                        out.allocatedOverride = n * 512;
                        seen |= KEY_ALLOCATED;
                    } else if (key == 'u') {
                        out.uid = n;
                        seen |= KEY_UID;
                    } else {
                        out.gid = n;
                        seen |= KEY_GID;
                    }
                } else if (lustre && keyLen == 4 && buf[pos] == 't' && buf[pos + 1] == 'y' && buf[pos + 2] == 'p'
                        && buf[pos + 3] == 'e') {
                    if (tokEnd == v) {
                        out.malformed("type= is empty");
                        return -1;
                    }
                    out.directory = buf[v] == 'd';
                    seen |= KEY_MODE;
                } else if (!lustre && keyLen == 1 && key == 'p') {
                    if (tokEnd == v) {
                        out.malformed("p= is empty");
                        return -1;
                    }
                    out.directory = buf[v] == 'd';
                    seen |= KEY_MODE;
                } else if (!lustre && keyLen == 2 && buf[pos] == 'a' && buf[pos + 1] == 'c') {
                    // The time is the next token: "ac=YYYY-MM-DD HH:MM:SS[.ffffff]".
                    int timeStart = skipSpaces(buf, tokEnd, end);
                    int timeEnd = Bytes.tokenEnd(buf, timeStart, end);
                    if (!isSeparator(buf, timeStart, timeEnd, end)) {
                        out.accessTime = parseDateTime(buf, v, tokEnd, timeStart, timeEnd);
                        tokEnd = timeEnd;
                        seen |= KEY_TIME;
                    }
                }
            }
            pos = tokEnd;
        }
        if (pathStart < 0) {
            out.malformed("no ' -- ' before the path");
            return -1;
        }
        if ((seen & REQUIRED_KEYS) != REQUIRED_KEYS) {
            out.malformed("missing " + ((seen & KEY_MODE) == 0 ? (lustre ? "type=" : "p=") : (seen & KEY_SIZE) == 0 ? "s=" : "u="));
            return -1;
        }
        return pathStart;
    }

    private void setPath(byte[] buf, int start, int end, ParsedLine out) {
        if (start >= end || buf[start] != '/') {
            out.malformed(start >= end ? "empty path" : "path is not absolute");
            return;
        }
        byte[] src = buf;
        int len = end - start;
        if (escapedPaths && indexOf(buf, start, end, (byte) '%') >= 0) {
            ensureScratch(len);
            len = percentDecode(buf, start, end, scratch, 0);
            src = scratch;
            start = 0;
        }
        int scanned = PathShape.scan(src, start, start + len);
        int shape = scanned & PathShape.SHAPE;
        if (shape == PathShape.NUL) {
            out.malformed("path has a NUL byte");
            return;
        }
        if (shape == PathShape.DOT) {
            out.malformed("path has a . or .. component");
            return;
        }
        if (shape == PathShape.REPEATED_SLASH) {
            // "/a//b" is "/a/b": rewritten in place (it only gets shorter), in the scratch buffer.
            if (src != scratch) {
                ensureScratch(len);
                System.arraycopy(src, start, scratch, 0, len);
                src = scratch;
                start = 0;
            }
            len = PathShape.collapseSlashes(src, start, start + len) - start;
        }
        // "/a/b/" and "/a/b" are one directory.
        while (len > 1 && src[start + len - 1] == '/') {
            len--;
        }
        if (len == 1 && !out.directory) {
            out.malformed("path is / for a file");
            return;
        }
        // Collapsing slashes and trimming the last ones leave the other bytes as they were.
        if ((scanned & PathShape.NOT_ASCII) != 0) {
            if (escaped.length < PathText.maxEscaped(len)) {
                escaped = new byte[PathText.maxEscaped(len)];
            }
            int canonical = PathText.escapeInvalidUtf8(src, start, start + len, escaped);
            if (canonical >= 0) {
                src = escaped;
                start = 0;
                len = canonical;
            }
        }
        out.kind = ParsedLine.Kind.DATA;
        out.pathBuf = src;
        out.pathStart = start;
        out.pathEnd = start + len;
    }

    private void ensureScratch(int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
    }

    static int percentDecode(byte[] src, int start, int end, byte[] dst, int dstPos) {
        int o = dstPos;
        for (int i = start; i < end; i++) {
            byte b = src[i];
            if (b == '%' && i + 2 < end) {
                int hi = hex(src[i + 1]);
                int lo = hex(src[i + 2]);
                if (hi >= 0 && lo >= 0) {
                    dst[o++] = (byte) (hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            dst[o++] = b;
        }
        return o - dstPos;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    /** Epoch seconds, "1769700762" or "1769700762.123"; {@link #UNKNOWN_TIME} when not a number. */
    static long parseEpoch(byte[] buf, int start, int end) {
        int dot = indexOf(buf, start, end, (byte) '.');
        long v = parseNumber(buf, start, dot < 0 ? end : dot);
        return v < 0 ? UNKNOWN_TIME : v;
    }

    /** Non-negative decimal, or -1 when empty, not digits, or beyond a signed 64-bit value. */
    static long parseNumber(byte[] buf, int start, int end) {
        if (start >= end) {
            return -1;
        }
        long value = 0;
        // Eighteen digits cannot overflow a long: only the digits after them need the check.
        int safeEnd = Math.min(end, start + 18);
        int i = start;
        for (; i < safeEnd; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        for (; i < end; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9 || value > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static boolean allDigits(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * "YYYY-MM-DD" and "HH:MM:SS[.ffffff]" to seconds since 1970-01-01 00:00:00 of the same naive
     * clock, or {@link #UNKNOWN_TIME} when either part is not a valid date or time.
     */
    static long parseDateTime(byte[] buf, int dStart, int dEnd, int tStart, int tEnd) {
        if (dEnd - dStart != 10 || buf[dStart + 4] != '-' || buf[dStart + 7] != '-') {
            return UNKNOWN_TIME;
        }
        int year = digits(buf, dStart, 4);
        int month = digits(buf, dStart + 5, 2);
        int day = digits(buf, dStart + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return UNKNOWN_TIME;
        }
        if (tEnd - tStart < 8 || buf[tStart + 2] != ':' || buf[tStart + 5] != ':') {
            return UNKNOWN_TIME;
        }
        if (tEnd - tStart > 8) {
            if (buf[tStart + 8] != '.') {
                return UNKNOWN_TIME;
            }
            for (int i = tStart + 9; i < tEnd; i++) {
                if (buf[i] < '0' || buf[i] > '9') {
                    return UNKNOWN_TIME;
                }
            }
        }
        int hour = digits(buf, tStart, 2);
        int minute = digits(buf, tStart + 3, 2);
        int second = digits(buf, tStart + 6, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return UNKNOWN_TIME;
        }
        return daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
    }

    private static int digits(byte[] buf, int start, int n) {
        int v = 0;
        for (int i = start; i < start + n; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    public static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468L;
    }

    private static int skipSpaces(byte[] buf, int pos, int end) {
        while (pos < end && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        return pos;
    }

    static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

}
