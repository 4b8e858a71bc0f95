package dev.trident.bench;

import dev.trident.runtime.contract.Task;
import dev.trident.runtime.result.PerceptionResult;

/**
 * The publish stage every mode ends with: a result summary handed to consumers through a
 * volatile store (the in-process hand-off a daemon's publisher thread would read). No
 * serialisation, no IPC, no allocation.
 *
 * <p>Threading: one pipeline thread publishes; any thread may read {@link #lastSeq()}.
 */
final class Publisher {
    private volatile long lastSeq = -1;
    private volatile long lastSummary;

    /** Publishes the result of frame {@code seq}. */
    void publish(long seq, PerceptionResult r) {
        long summary = r.headsRunMask();
        for (int h = 0; h < r.contract().heads().size(); h++) {
            if (r.contract().heads().get(h).task() == Task.DETECTION && (r.headsRunMask() & (1 << h)) != 0) {
                summary = summary * 31 + r.detectionSlot(h).size();
            }
        }
        lastSummary = summary;
        lastSeq = seq;
    }

    /** Frame number of the last published result, −1 before the first. */
    long lastSeq() {
        return lastSeq;
    }

    /** Heads-run mask folded with detection counts of the last result (keeps the results observable). */
    long lastSummary() {
        return lastSummary;
    }
}
