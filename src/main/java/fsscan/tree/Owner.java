package fsscan.tree;

/** Single-owner roll-up: a uid (or gid), or one of two sentinels. */
public final class Owner {

    /** No file in the subtree. Stored as -1, as the original tool did. */
    public static final long NONE = -1;
    /** Files with several owners (or an owner the list does not give). Stored as NULL. */
    public static final long MIXED = -2;

    private Owner() {
    }

    public static long merge(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return a == b ? a : MIXED;
    }
}
