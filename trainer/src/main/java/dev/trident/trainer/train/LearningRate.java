package dev.trident.trainer.train;

/**
 * Linear warm-up from 0 to {@code base} over {@code warmup} steps, then cosine decay to
 * {@code base·minRatio} at {@code total} steps. Immutable; thread-safe.
 */
public record LearningRate(double base, int warmup, long total, double minRatio) {
    public double at(long step) {
        if (warmup > 0 && step < warmup) {
            return base * (step + 1) / warmup;
        }
        double t = total <= warmup ? 1 : Math.min(1, (step - warmup) / (double) (total - warmup));
        double min = base * minRatio;
        return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
}
