package fsscan.tree;

import java.util.Arrays;

/**
 * One owner cell's age and size histograms as stored (see {@link fsscan.scan.Buckets#encode}),
 * encoded into one buffer that the caller reuses from cell to cell: the rows of a scan's owner
 * table are written one after the other, and an array or two for each (sized for the worst case,
 * then cut to length) was most of what the import's tail allocated.
 */
public final class EncodedHistograms {

    /** At most 10 bytes a varint, three a bucket, for every age and size bucket a key can name. */
    final byte[] bytes = new byte[30 * 32];
    int ageLength;
    int sizeLength;

    /** The age histogram at {@code [0, ageLength())}, the size histogram right after it. */
    public byte[] bytes() {
        return bytes;
    }

    public int ageLength() {
        return ageLength;
    }

    public int sizeLength() {
        return sizeLength;
    }

    /** The age histogram, copied. */
    public byte[] age() {
        return Arrays.copyOf(bytes, ageLength);
    }

    /** The size histogram, copied. */
    public byte[] size() {
        return Arrays.copyOfRange(bytes, ageLength, ageLength + sizeLength);
    }
}
