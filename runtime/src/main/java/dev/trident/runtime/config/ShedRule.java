package dev.trident.runtime.config;

/**
 * One optional head the daemon may slow down when frames exceed the latency budget.
 *
 * @param head  head name in the model's contract
 * @param every while shed, the head runs on every n-th frame only (≥ 2)
 */
public record ShedRule(String head, Integer every) {
    public ShedRule {
        if (head == null || head.isBlank()) {
            throw new IllegalArgumentException("daemon.shed[].head must name a head of the model");
        }
        if (every == null) {
            every = 4;
        }
        if (every < 2) {
            throw new IllegalArgumentException("daemon.shed[].every of head '" + head + "' must be ≥ 2 (shedding slows a head down), got "
                    + every);
        }
    }
}
