package fsscan.tree;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Orders the numbers {@code 0..n-1} by a small non-negative key each, stably, by least significant
 * digit first (11 bits a pass): a few sequential passes, no comparisons. What the accumulator uses
 * to visit a batch of paths in the order of its tables instead of the order the lines came in.
 * Each pass may be shared out over threads, a range of the numbers each: every thread counts its
 * range's digits, then moves its range to where the counts of the digits below, and of the same
 * digit in the ranges before, put it (so the order stays stable).
 */
final class RadixOrder {

    private static final int DIGIT = 11;
    private static final int RADIX = 1 << DIGIT;

    private final int threads;
    /** Per thread, a digit's count, then where its next number goes. */
    private final int[][] counts;

    /** An order whose passes are shared out over {@code threads} threads. */
    RadixOrder(int threads) {
        this.threads = threads;
        counts = new int[threads][RADIX];
    }

    /**
     * Writes into {@code out[0..n)} the numbers {@code 0..n-1} ordered by {@code key[i]}, which
     * must be below {@code 2^bits}; {@code tmp} is scratch of the same length. {@code parallel}
     * runs a task for each thread number and returns when all have ended. Returns {@code out}.
     */
    int[] order(int[] key, int n, int bits, int[] out, int[] tmp, Consumer<IntConsumer> parallel) {
        int passes = Math.max(1, (bits + DIGIT - 1) / DIGIT);
        // The last pass must land in out: start in whichever array makes it so.
        int[] dst = passes % 2 == 1 ? out : tmp;
        int[] src = null;
        for (int pass = 0; pass < passes; pass++) {
            int shift = pass * DIGIT;
            int[] from = src;
            int[] to = dst;
            parallel.accept(t -> count(key, from, lo(n, t), lo(n, t + 1), shift, counts[t]));
            int sum = 0;
            for (int d = 0; d < RADIX; d++) {
                for (int t = 0; t < threads; t++) {
                    int c = counts[t][d];
                    counts[t][d] = sum;
                    sum += c;
                }
            }
            parallel.accept(t -> move(key, from, to, lo(n, t), lo(n, t + 1), shift, counts[t]));
            src = dst;
            dst = dst == out ? tmp : out;
        }
        return out;
    }

    private int lo(int n, int t) {
        return split(n, t, threads);
    }

    /** Where thread t's share of {@code n} items begins, the items split evenly among {@code threads} (t = threads: n). */
    static int split(int n, int t, int threads) {
        return (int) ((long) n * t / threads);
    }

    /** Counts the digits of numbers {@code [a, b)} of {@code src} (null: the numbers themselves). */
    private static void count(int[] key, int[] src, int a, int b, int shift, int[] count) {
        java.util.Arrays.fill(count, 0);
        if (src == null) {
            for (int i = a; i < b; i++) {
                count[(key[i] >>> shift) & (RADIX - 1)]++;
            }
        } else {
            for (int i = a; i < b; i++) {
                count[(key[src[i]] >>> shift) & (RADIX - 1)]++;
            }
        }
    }

    private static void move(int[] key, int[] src, int[] dst, int a, int b, int shift, int[] next) {
        if (src == null) {
            for (int i = a; i < b; i++) {
                dst[next[(key[i] >>> shift) & (RADIX - 1)]++] = i;
            }
        } else {
            for (int i = a; i < b; i++) {
                int e = src[i];
                dst[next[(key[e] >>> shift) & (RADIX - 1)]++] = e;
            }
        }
    }
}
