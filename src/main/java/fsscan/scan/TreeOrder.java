package fsscan.scan;

import java.nio.charset.StandardCharsets;

/**
 * The one order of paths in fsscan: component by component, each compared by its bytes (unsigned),
 * a parent before its children ({@code /a} < {@code /a/b} < {@code /a-b} < {@code /a.b}). The same
 * as comparing whole paths bytewise with '/' sorting before every other byte (paths hold no NUL).
 * Directory ids follow it, so a scan's id order is its tree order.
 */
public final class TreeOrder {

    private TreeOrder() {
    }

    public static int compare(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = a[i] == '/' ? 0 : (a[i] & 0xFF) + 1;
            int y = b[i] == '/' ? 0 : (b[i] & 0xFF) + 1;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    public static int compare(String a, String b) {
        return compare(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
