package fsscan.scan;

/**
 * What a path's bytes break of the input rules (docs/scan-format.md): a NUL byte, a {@code .} or
 * {@code ..} component, or only a repeated {@code /} that reads as one. One pass, no allocation.
 */
final class PathShape {

    static final int CLEAN = 0;
    static final int REPEATED_SLASH = 1;
    static final int DOT = 2;
    static final int NUL = 3;

    private PathShape() {
    }

    /** The worst of NUL, DOT and REPEATED_SLASH in {@code b[start,end)}, a path that starts with '/'. */
    static int check(byte[] b, int start, int end) {
        int shape = CLEAN;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == 0) {
                return NUL;
            }
            if (c != '/' || i + 1 >= end) {
                continue;
            }
            byte next = b[i + 1];
            if (next == '/') {
                shape = Math.max(shape, REPEATED_SLASH);
            } else if (next == '.') {
                int after = i + 2;
                if (after < end && b[after] == '.') {
                    after++;
                }
                if (after == end || b[after] == '/') {
                    shape = DOT;
                }
            }
        }
        return shape;
    }

    /** Rewrites every run of '/' in {@code b[start,end)} as one, in place; returns the new end. */
    static int collapseSlashes(byte[] b, int start, int end) {
        int o = start;
        for (int i = start; i < end; i++) {
            if (b[i] == '/' && o > start && b[o - 1] == '/') {
                continue;
            }
            b[o++] = b[i];
        }
        return o;
    }
}
