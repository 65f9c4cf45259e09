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
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                        // A further pass by a second key keeps the first order among equal second keys.
                        int[] second = new int[n];
                        for (int i = 0; i < n; i++) {
                            second[i] = r.nextInt(5);
                        }
                        int[] both = IntStream.range(0, n).boxed()
                                .sorted(Comparator.<Integer>comparingInt(i -> second[i]).thenComparingInt(i -> key[i]))
                                .mapToInt(Integer::intValue).toArray();
                        int[] then = radix.then(second, out, n, 3, new int[n], parallel);
                        String what = "then: " + threads + " threads, " + bits + " bits, n " + n;
                        assertArrayEquals(Arrays.stream(both).map(i -> second[i]).toArray(),
                                Arrays.stream(then).map(i -> second[i]).toArray(), what);
                        assertArrayEquals(Arrays.stream(both).map(i -> key[i]).toArray(),
                                Arrays.stream(then).map(i -> key[i]).toArray(), what);
                        for (int j = 1; j < n; j++) {
                            if (second[then[j]] == second[then[j - 1]] && key[then[j]] == key[then[j - 1]]) {
                                assertTrue(then[j] > then[j - 1], "stable among equal keys");
                            }
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
