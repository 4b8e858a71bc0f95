package dev.trident.runtime.decode;

import java.util.Arrays;

/**
 * Detection candidates of one frame (score, class, a decoder-specific reference such as a cell or
 * row index) and a max-heap over them, so the best ones come out in order without sorting all:
 * building the heap is O(n), each {@link #pollBest()} O(log n). Equal scores come out in insertion
 * order, which keeps decoding deterministic.
 *
 * <p>Not thread-safe; the arrays grow when needed and are reused across frames.
 */
final class Candidates {
    private float[] scores = new float[64];
    private int[] classes = new int[64];
    private int[] refs = new int[64];
    private int[] heap = new int[64];
    private int size;
    private int heapSize;

    void clear() {
        size = 0;
        heapSize = 0;
    }

    int size() {
        return size;
    }

    void add(float score, int classId, int ref) {
        if (size == scores.length) {
            int n = size * 2;
            scores = Arrays.copyOf(scores, n);
            classes = Arrays.copyOf(classes, n);
            refs = Arrays.copyOf(refs, n);
            heap = new int[n];
        }
        scores[size] = score;
        classes[size] = classId;
        refs[size] = ref;
        size++;
    }

    float score(int candidate) {
        return scores[candidate];
    }

    int classId(int candidate) {
        return classes[candidate];
    }

    int ref(int candidate) {
        return refs[candidate];
    }

    /** Builds the heap over every added candidate; call once after the last {@link #add}. */
    void heapify() {
        for (int i = 0; i < size; i++) {
            heap[i] = i;
        }
        heapSize = size;
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** The best remaining candidate (highest score, earliest on ties), or −1 when none is left. */
    int pollBest() {
        if (heapSize == 0) {
            return -1;
        }
        int best = heap[0];
        heap[0] = heap[--heapSize];
        siftDown(0);
        return best;
    }

    private boolean before(int a, int b) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
    }

    private void siftDown(int i) {
        int item = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], item)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = item;
    }
}
