package dev.trident.runtime.engine;

import dev.trident.runtime.config.HeadRate;
import dev.trident.runtime.contract.ModelContract;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which heads run on which frame: head {@code i} is due on frame {@code k} (the engine's count of
 * processed frames, from 0) when it is enabled and {@code k % every(i) == 0}.
 *
 * <p>Thread-safe: a control thread (e.g. the latency-budget shedder) may change rates while the
 * inference thread asks {@link #dueMask(long)}; a change applies from the next frame.
 */
public final class HeadSchedule {
    private final List<String> heads;
    /** every-n per head; 0 = disabled. */
    private final AtomicIntegerArray every;

    HeadSchedule(ModelContract contract, Map<String, HeadRate> rates) {
        this.heads = contract.heads().stream().map(h -> h.name()).toList();
        this.every = new AtomicIntegerArray(heads.size());
        for (int i = 0; i < heads.size(); i++) {
            every.set(i, 1);
        }
        rates.forEach((name, rate) -> {
            int i = index(name);
            every.set(i, rate.enabled() ? rate.every() : 0);
        });
    }

    /** Bit i set = head i due on frame {@code frameIndex}. */
    public int dueMask(long frameIndex) {
        int mask = 0;
        for (int i = 0; i < heads.size(); i++) {
            int n = every.get(i);
            if (n > 0 && frameIndex % n == 0) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /** Runs the head on every n-th frame (n ≥ 1). */
    public void setEvery(String head, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a head's rate must be every ≥ 1 frames, got " + n);
        }
        every.set(index(head), n);
    }

    /** Switches a head on (at its last rate, or every frame) or off. */
    public void setEnabled(String head, boolean enabled) {
        int i = index(head);
        if (!enabled) {
            every.set(i, 0);
        } else if (every.get(i) == 0) {
            every.set(i, 1);
        }
    }

    /** Current rate of a head: run every n-th frame, 0 when switched off. */
    public int every(String head) {
        return every.get(index(head));
    }

    public List<String> heads() {
        return heads;
    }

    /** Every distinct non-empty due mask the current rates produce over one full cycle. */
    public java.util.Set<Integer> masksInCycle() {
        long lcm = 1;
        for (int i = 0; i < heads.size(); i++) {
            int n = every.get(i);
            if (n > 0) {
                lcm = lcm / gcd(lcm, n) * n;
            }
        }
        java.util.Set<Integer> masks = new java.util.TreeSet<>();
        for (long k = 0; k < Math.min(lcm, 4096); k++) {
            int m = dueMask(k);
            if (m != 0) {
                masks.add(m);
            }
        }
        return masks;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private int index(String head) {
        int i = heads.indexOf(head);
        if (i < 0) {
            throw new IllegalArgumentException("the model has no head '" + head + "'; its heads are " + heads);
        }
        return i;
    }
}
