package fsscan.tree;

/**
 * Orders the numbers {@code 0..n-1} by a small non-negative key each, stably, by least significant
 * digit first (11 bits a pass): a few sequential passes, no comparisons. What the accumulator uses
 * to visit a batch of paths in the order of its tables instead of the order the lines came in.
 */
final class RadixOrder {

    private static final int DIGIT = 11;
    private static final int RADIX = 1 << DIGIT;

    private final int[] counts = new int[RADIX];

    /**
     * Writes into {@code out[0..n)} the numbers {@code 0..n-1} ordered by {@code key[i]}, which
     * must be below {@code 2^bits}; {@code tmp} is scratch of the same length. Returns {@code out}.
     */
    int[] order(int[] key, int n, int bits, int[] out, int[] tmp) {
        int passes = Math.max(1, (bits + DIGIT - 1) / DIGIT);
        // The last pass must land in out: start in whichever array makes it so.
        int[] src = null;
        int[] dst = passes % 2 == 1 ? out : tmp;
        for (int pass = 0; pass < passes; pass++) {
            int shift = pass * DIGIT;
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int k = src == null ? key[i] : key[src[i]];
                counts[(k >>> shift) & (RADIX - 1)]++;
            }
            int sum = 0;
            for (int d = 0; d < RADIX; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            if (src == null) {
                for (int i = 0; i < n; i++) {
                    dst[counts[(key[i] >>> shift) & (RADIX - 1)]++] = i;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int e = src[i];
                    dst[counts[(key[e] >>> shift) & (RADIX - 1)]++] = e;
                }
            }
            src = dst;
            dst = dst == out ? tmp : out;
        }
        return out;
    }
}
