package dev.trident.trainer.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests of memory lifetime across a forward and a backward pass: {@link #run()} forces two
 * garbage collections (so the cleaners of unreachable direct buffers free their native memory) and
 * then allocates many small direct buffers filled with 1e30, which the allocator places in the
 * memory just freed. A tensor still reading freed memory then reads 1e30. Not thread-safe.
 */
public final class GcChurn {
    private static final List<ByteBuffer> HELD = new ArrayList<>();

    private GcChurn() {
    }

    public static void run() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int i = 0; i < 4000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            b.putFloat(0, 1e30f);
            HELD.add(b);
        }
    }

    /** Lets the junk buffers go. */
    public static void release() {
        HELD.clear();
    }
}
