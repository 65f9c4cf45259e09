package fsscan.scan;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/** Sorts byte strings packed in one array, returning the order: merge sort on int indices, no boxing. */
final class PathSort {

    private PathSort() {
    }

    static int[] order(byte[] bytes, IntUnaryOperator start, IntUnaryOperator end, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = start.applyAsInt(i);
            ends[i] = end.applyAsInt(i);
        }
        sort(bytes, starts, ends, idx, new int[n], 0, n);
        return idx;
    }

    private static void sort(byte[] b, int[] s, int[] e, int[] a, int[] tmp, int from, int to) {
        if (to - from <= 12) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(b, s, e, a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(b, s, e, a, tmp, from, mid);
        sort(b, s, e, a, tmp, mid, to);
        if (compare(b, s, e, a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            a[k++] = compare(b, s, e, tmp[i], tmp[j]) <= 0 ? tmp[i++] : tmp[j++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
        while (j < to) {
            a[k++] = tmp[j++];
        }
    }

    private static int compare(byte[] b, int[] s, int[] e, int x, int y) {
        return Arrays.compareUnsigned(b, s[x], e[x], b, s[y], e[y]);
    }
}
