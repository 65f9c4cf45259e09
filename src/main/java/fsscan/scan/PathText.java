package fsscan.scan;

/**
 * Paths are bytes. A name that is valid UTF-8 is kept as it is; every byte that is not part of a
 * valid UTF-8 sequence becomes the four characters {@code \xHH}, so distinct names stay distinct.
 */
public final class PathText {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private PathText() {
    }

    /** Room {@link #escapeInvalidUtf8} may need for {@code len} bytes. */
    public static int maxEscaped(int len) {
        return 4 * len;
    }

    /**
     * Writes the canonical bytes of {@code b[start,end)} to {@code out} (of at least
     * {@link #maxEscaped} bytes) and returns their length, or returns -1, writing nothing, when
     * they are valid UTF-8 already: no allocation, for the parsers' every line.
     */
    public static int escapeInvalidUtf8(byte[] b, int start, int end, byte[] out) {
        int i = start;
        while (i < end) {
            int n = validSequenceLength(b, i, end);
            if (n == 0) {
                break;
            }
            i += n;
        }
        if (i == end) {
            return -1;
        }
        int o = i - start;
        System.arraycopy(b, start, out, 0, o);
        while (i < end) {
            int n = validSequenceLength(b, i, end);
            if (n > 0) {
                for (int k = 0; k < n; k++) {
                    out[o++] = b[i++];
                }
                continue;
            }
            int v = b[i++] & 0xFF;
            out[o] = '\\';
            out[o + 1] = 'x';
            out[o + 2] = HEX[v >>> 4];
            out[o + 3] = HEX[v & 0xF];
            o += 4;
        }
        return o;
    }

    /** Length of the valid UTF-8 sequence at {@code i}, or 0 when the byte there does not start one. */
    static int validSequenceLength(byte[] b, int i, int end) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int n;
        int min;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int cp = b0 & (0x7F >> n);
        for (int k = 1; k < n; k++) {
            int c = b[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return n;
    }
}
