package dev.trident.trainer.metrics;

/**
 * Depth error over all valid pixels of the evaluated set (ground truth &gt; 0): AbsRel =
 * mean |d̂ − d| / d, RMSE = sqrt(mean (d̂ − d)²) in metres, δ&lt;1.25 = fraction with
 * max(d̂/d, d/d̂) &lt; 1.25. Not thread-safe: accumulate from one thread.
 */
public final class DepthMetrics {
    private double absRel;
    private double sq;
    private long delta1;
    private long n;

    /** Adds one image: ground truth (0 = invalid) and prediction, metres, same length. */
    public void add(float[] gt, float[] pred) {
        for (int i = 0; i < gt.length; i++) {
            double g = gt[i];
            if (!(g > 0)) {
                continue;
            }
            double p = pred[i];
            absRel += Math.abs(p - g) / g;
            sq += (p - g) * (p - g);
            delta1 += Math.max(p / g, g / p) < 1.25 ? 1 : 0;
            n++;
        }
    }

    public double absRel() {
        return n == 0 ? Double.NaN : absRel / n;
    }

    public double rmse() {
        return n == 0 ? Double.NaN : Math.sqrt(sq / n);
    }

    public double delta1() {
        return n == 0 ? Double.NaN : delta1 / (double) n;
    }

    public long pixels() {
        return n;
    }
}
