package dev.trident.runtime.replay;

import java.util.Arrays;
import java.util.Locale;

/**
 * Achieved vs requested frame timing of a replay: for every frame after the first, the requested
 * interval (recorded interval ÷ rate) and the achieved one (between the moments the frames were
 * handed on); the interval error is their absolute difference. Also how late frames were against
 * the absolute schedule. Not thread-safe.
 */
public final class PacingStats {
    private long[] errors = new long[1024];
    private int count;
    private long requestedTotal;
    private long achievedTotal;
    private long maxLateness;
    private long frames;

    void frame() {
        frames++;
    }

    void interval(long requestedNanos, long achievedNanos, long latenessNanos) {
        if (count == errors.length) {
            errors = Arrays.copyOf(errors, count * 2);
        }
        errors[count++] = Math.abs(achievedNanos - requestedNanos);
        requestedTotal += requestedNanos;
        achievedTotal += achievedNanos;
        maxLateness = Math.max(maxLateness, latenessNanos);
    }

    void unpacedInterval(long achievedNanos) {
        achievedTotal += achievedNanos;
        count++;
        if (count > errors.length) {
            errors = Arrays.copyOf(errors, count * 2);
        }
    }

    public long frames() {
        return frames;
    }

    /** Intervals measured (frames − 1 for one pass). */
    public int intervals() {
        return count;
    }

    /** Mean absolute interval error, ms (0 when unpaced). */
    public double meanErrorMs() {
        if (count == 0 || requestedTotal == 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += errors[i];
        }
        return sum / 1e6 / count;
    }

    /** 99th percentile of the absolute interval error, ms (nearest rank). */
    public double p99ErrorMs() {
        if (count == 0 || requestedTotal == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(errors, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.99 * count) - 1;
        return sorted[Math.max(0, rank)] / 1e6;
    }

    public double meanRequestedIntervalMs() {
        return count == 0 ? 0 : requestedTotal / 1e6 / count;
    }

    public double meanAchievedIntervalMs() {
        return count == 0 ? 0 : achievedTotal / 1e6 / count;
    }

    /** Latest a frame was handed on after its scheduled moment, ms. */
    public double maxLatenessMs() {
        return maxLateness / 1e6;
    }

    /** One line for the replay report. */
    public String summary(boolean paced) {
        if (!paced) {
            return String.format(Locale.ROOT, "unpaced (--rate max): mean interval %.3f ms (%.1f fps)", meanAchievedIntervalMs(),
                    meanAchievedIntervalMs() > 0 ? 1000 / meanAchievedIntervalMs() : 0);
        }
        String line = String.format(Locale.ROOT,
                "interval error mean %.3f ms, p99 %.3f ms over %d intervals (requested %.3f ms, achieved %.3f ms); max lateness %.3f ms",
                meanErrorMs(), p99ErrorMs(), count, meanRequestedIntervalMs(), meanAchievedIntervalMs(), maxLatenessMs());
        if (meanAchievedIntervalMs() > 1.1 * meanRequestedIntervalMs()) {
            line += String.format(Locale.ROOT, " — the sink cannot keep up: %.1f fps achieved of %.1f requested (try a lower --rate)",
                    1000 / meanAchievedIntervalMs(), 1000 / meanRequestedIntervalMs());
        }
        return line;
    }
}
