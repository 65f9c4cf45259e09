package fsscan.pipeline;

/**
 * Whole lines of the input, {@code data[0, length)}, numbered in reading order. The reader never
 * touches {@code data} again once the chunk is sent. An {@code overlong} chunk holds only the start
 * of a line longer than the chunk size: the parser rejects it as one malformed line.
 */
public record Chunk(long id, byte[] data, int length, boolean overlong) {
}
