package dev.trident.runtime.config;

/**
 * How often a head runs.
 *
 * @param every   run on every n-th frame (1 = every frame, the default)
 * @param enabled run at all (default true)
 */
public record HeadRate(Integer every, Boolean enabled) {
    public HeadRate {
        if (every == null) {
            every = 1;
        }
        if (every < 1) {
            throw new IllegalArgumentException("heads.<name>.every must be ≥ 1, got " + every);
        }
        if (enabled == null) {
            enabled = true;
        }
    }
}
