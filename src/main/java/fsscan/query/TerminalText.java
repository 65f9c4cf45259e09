package fsscan.query;

/**
 * Text as a terminal may show it: a control character in a name (ESC, CR, BEL, ...) would move the
 * cursor or rewrite the screen, so each is written as its bytes, {@code \xHH}, as bytes that are not
 * UTF-8 are (ESC is {@code \x1B}; a C1 control, two bytes in UTF-8, is {@code \xC2\xHH}).
 */
public final class TerminalText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private TerminalText() {
    }

    public static String safe(String s) {
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                b.append(c);
            } else if (c >= 0x80) {
                b.append("\\xC2");
                hex(b, c);
            } else {
                hex(b, c);
            }
        }
        return b.toString();
    }

    private static void hex(StringBuilder b, char c) {
        b.append("\\x").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}
