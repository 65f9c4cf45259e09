package fsscan.tree;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class RadixOrderTest {

    /**
     * Shared out over 1 to 4 threads (real ones), the order is a stable sort by key: keys of one
     * to three passes of digits, many equal keys, lengths that do not split evenly.
     */
    @Test
    void anOrderSharedOutOverThreadsIsAStableSortByKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Random r = new Random(7);
            for (int threads = 1; threads <= 4; threads++) {
                int t = threads;
                Consumer<IntConsumer> parallel = task -> {
                    Future<?>[] f = new Future<?>[t - 1];
                    for (int p = 1; p < t; p++) {
                        int part = p;
                        f[p - 1] = pool.submit(() -> task.accept(part));
                    }
                    task.accept(0);
                    for (Future<?> x : f) {
                        try {
                            x.get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
                RadixOrder radix = new RadixOrder(threads);
                for (int bits : new int[] {1, 11, 12, 22, 30}) {
                    for (int n : new int[] {0, 1, 5, 1000, 20_011}) {
                        int[] key = new int[n];
                        for (int i = 0; i < n; i++) {
                            key[i] = r.nextInt(Math.min(1 << bits, 1 + r.nextInt(1 << Math.min(bits, 16))) );
                        }
                        int[] expected = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(i -> key[i]))
                                .mapToInt(Integer::intValue).toArray();
                        int[] out = radix.order(key, n, bits, new int[n], new int[n], parallel);
                        assertArrayEquals(expected, Arrays.copyOf(out, n), threads + " threads, " + bits + " bits, n " + n);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
