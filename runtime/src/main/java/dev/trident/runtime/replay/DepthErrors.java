package dev.trident.runtime.replay;

/**
 * Depth error over the pixels with valid ground truth and a valid prediction: AbsRel =
 * mean(|pred − truth| / truth), and δ1 = the fraction with max(pred/truth, truth/pred) < 1.25.
 * Not thread-safe.
 */
public final class DepthErrors {
    private double relSum;
    private long within;
    private long count;
    private long missing;

    /** One pixel: predicted and true depth in metres (truth > 0); a non-finite prediction counts as missing. */
    public void add(double predicted, double truth) {
        if (!(truth > 0)) {
            return;
        }
        if (!Double.isFinite(predicted) || !(predicted > 0)) {
            missing++;
            return;
        }
        relSum += Math.abs(predicted - truth) / truth;
        if (Math.max(predicted / truth, truth / predicted) < 1.25) {
            within++;
        }
        count++;
    }

    /** NaN when no pixel was compared. */
    public double absRel() {
        return count == 0 ? Double.NaN : relSum / count;
    }

    public double delta1() {
        return count == 0 ? Double.NaN : (double) within / count;
    }

    public long pixels() {
        return count;
    }

    /** Pixels with ground truth where the model had no valid depth. */
    public long missing() {
        return missing;
    }
}
