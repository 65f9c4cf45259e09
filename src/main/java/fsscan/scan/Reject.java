package fsscan.scan;

/** A line that is not data: where it is in its chunk, why, and (the start of) its bytes. */
public record Reject(int lineInChunk, String reason, byte[] text) {

    /** Longest piece of a rejected line that is kept: enough to find it, bounded for a 10 MB line. */
    public static final int MAX_TEXT = 4096;
}
