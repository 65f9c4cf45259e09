package fsscan.scan;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The eight-bytes-at-a-time scans give what a byte-by-byte loop gives, at every alignment. */
class BytesTest {

    private static int naiveSeparator(byte[] b, int from, int to) {
        for (int s = from; s + 3 < to; s++) {
            if (b[s] == ' ' && b[s + 1] == '-' && b[s + 2] == '-' && b[s + 3] == ' ') {
                return s;
            }
        }
        return -1;
    }

    /** A scan of {@code b[from, to)} giving an index. */
    private interface Scan {
        int at(byte[] b, int from, int to);
    }

    /**
     * 200,000 random lines of up to 40 bytes from {@code alphabet}, one byte in {@code anyByteOneIn}
     * any byte at all, each scanned over a random range by the word scan and by its byte loop.
     */
    private static void agreesOnRandomLines(long seed, String alphabet, int anyByteOneIn, Scan byWords, Scan byBytes) {
        Random r = new Random(seed);
        byte[] letters = alphabet.getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 200_000; round++) {
            int n = r.nextInt(40);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = r.nextInt(anyByteOneIn) == 0 ? (byte) r.nextInt(256) : letters[r.nextInt(letters.length)];
            }
            int from = n == 0 ? 0 : r.nextInt(n + 1);
            int to = from + (n == from ? 0 : r.nextInt(n - from + 1));
            assertEquals(byBytes.at(b, from, to), byWords.at(b, from, to),
                    () -> "in '" + new String(b, StandardCharsets.ISO_8859_1) + "' [" + from + ", " + to + ")");
        }
    }

    @Test
    void separatorMatchesAByteLoopOnRandomLines() {
        agreesOnRandomLines(7, " -- -=a\t", 8, Bytes::separator, BytesTest::naiveSeparator);
    }

    @Test
    void separatorAfterDatesAndAtEveryOffset() {
        String fields = "mt=2025-11-30 09:00:00 cr=2025-11-30 09:00:00 nl=1";
        for (int pad = 0; pad < 16; pad++) {
            byte[] b = (" ".repeat(pad) + fields + " -- /a -- b").getBytes(StandardCharsets.US_ASCII);
            assertEquals(pad + fields.length(), Bytes.separator(b, 0, b.length));
            assertEquals(-1, Bytes.separator(b, 0, pad + fields.length() + 3), "' -- ' must end inside the range");
        }
    }

    @Test
    void tokenEndMatchesAByteLoopOnRandomLines() {
        // Bytes one above a space or a tab, and above 0x7F, where a word test could go wrong.
        agreesOnRandomLines(9, " \t=a\u0001\u0021\u0008\u0009\u0020", 6, Bytes::tokenEnd, (b, from, to) -> {
            int i = from;
            while (i < to && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            return i;
        });
    }
}
