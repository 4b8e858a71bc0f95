package dev.trident.trainer.train;

import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.LabelledSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Loads, augments and encodes batches on one background thread while the training thread
 * computes, keeping up to {@code prefetch} batches ready. The sample order and the augmentation
 * are fixed by the seed. Thread contract: construct, iterate with {@link #next()} and
 * {@link #close()} from one consumer thread; the loader thread is internal.
 */
public final class BatchLoader implements AutoCloseable {
    private static final Object END = new Object();
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final int batches;
    private volatile boolean closed;

    /**
     * @param order   sample order (already shuffled by the caller); the last partial batch is dropped
     *                when {@code dropLast}
     */
    public BatchLoader(Dataset dataset, List<DatasetSample> order, int batchSize, boolean dropLast,
                       BatchEncoder encoder, Augmentation aug, long seed, int prefetch) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, prefetch));
        int n = dropLast ? order.size() / batchSize * batchSize : order.size();
        this.batches = (n + batchSize - 1) / batchSize;
        thread = new Thread(() -> {
            Random rng = new Random(seed);
            try {
                for (int start = 0; start < n && !closed; start += batchSize) {
                    List<LabelledSample> loaded = new ArrayList<>();
                    try {
                        for (int i = start; i < Math.min(n, start + batchSize); i++) {
                            loaded.add(dataset.load(order.get(i)));
                        }
                        queue.put(encoder.encode(loaded, aug, rng));
                    } finally {
                        loaded.forEach(LabelledSample::close);
                    }
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "trident-batch-loader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Number of batches this loader yields. */
    public int batches() {
        return batches;
    }

    /** The next batch, or null at the end. Rethrows a loading error. */
    public Batch next() {
        try {
            Object o = queue.take();
            if (o == END) {
                queue.put(END);
                return null;
            }
            if (o instanceof RuntimeException e) {
                throw e;
            }
            return (Batch) o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        queue.clear();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
