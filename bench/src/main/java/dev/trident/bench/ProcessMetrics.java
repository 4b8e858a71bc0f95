package dev.trident.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Process-level figures from the JVM's management beans and {@code /proc/self/status}: GC count
 * and time, process CPU time, the calling thread's allocated bytes, heap and RSS.
 * Stateless; thread-safe.
 */
final class ProcessMetrics {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final List<GarbageCollectorMXBean> GCS = ManagementFactory.getGarbageCollectorMXBeans();

    static {
        if (THREADS.isThreadAllocatedMemorySupported() && !THREADS.isThreadAllocatedMemoryEnabled()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
    }

    private ProcessMetrics() {
    }

    /**
     * Counters at one instant.
     *
     * @param wallNanos      {@link System#nanoTime()}
     * @param cpuNanos       process CPU time (all threads)
     * @param gcCount        collections so far, all collectors
     * @param gcMillis       accumulated collection time (pauses for stop-the-world collectors)
     * @param allocatedBytes heap bytes allocated so far by the thread that took the snapshot
     */
    record Snapshot(long wallNanos, long cpuNanos, long gcCount, long gcMillis, long allocatedBytes) {
    }

    /** A snapshot; the allocation figure is the calling thread's. */
    static Snapshot snapshot() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : GCS) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new Snapshot(System.nanoTime(), OS.getProcessCpuTime(), count, millis, THREADS.getCurrentThreadAllocatedBytes());
    }

    /** Heap bytes allocated so far by thread {@code id} (−1 if unsupported). */
    static long allocatedBytes(long threadId) {
        return THREADS.getThreadAllocatedBytes(threadId);
    }

    /** Heap in use now, bytes. */
    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap in use right after the last collection of each heap pool, summed (the live-set estimate). */
    static long heapAfterLastGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    /** Resident set size now, bytes (VmRSS), or −1 where /proc is unavailable. */
    static long rssBytes() {
        long kb = statusKb("VmRSS:");
        return kb < 0 ? -1 : kb * 1024;
    }

    /** Peak resident set size of the process so far, bytes (VmHWM), or −1. */
    static long peakRssBytes() {
        long kb = statusKb("VmHWM:");
        return kb < 0 ? -1 : kb * 1024;
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String v = line.substring(key.length()).trim();
                    return Long.parseLong(v.substring(0, v.indexOf(' ')).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
