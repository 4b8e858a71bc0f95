package dev.trident.runtime.result;

/**
 * The region of the frame where the ego lane ahead usually is, and the nearest depth inside it.
 *
 * <p>Without lane detection or calibration the corridor is a trapezoid in source-frame fractions:
 * its bottom edge spans {@link #bottomHalfWidth} either side of the centre at the bottom of the
 * frame, narrowing linearly to {@link #topHalfWidth} at {@link #topY}. The nearest obstacle
 * ahead is the 5th percentile of the valid depths of the head cells whose centres fall inside —
 * a low percentile, not the minimum, so a single noisy cell does not raise an alarm.
 *
 * <p>Immutable; thread-safe. {@link #nearestDepth(DepthMap, float[])} takes caller scratch so it
 * allocates nothing.
 *
 * @param topY            top of the corridor as a fraction of the frame height (0 = top)
 * @param topHalfWidth    half width at the top, fraction of the frame width
 * @param bottomHalfWidth half width at the bottom, fraction of the frame width
 */
public record EgoCorridor(double topY, double topHalfWidth, double bottomHalfWidth) {
    /** A dash-cam default: from 55% of the height down, 5% → 18% half width. */
    public static final EgoCorridor DEFAULT = new EgoCorridor(0.55, 0.05, 0.18);

    public EgoCorridor {
        if (!(topY >= 0 && topY < 1) || !(topHalfWidth > 0) || !(bottomHalfWidth >= topHalfWidth) || bottomHalfWidth > 0.5) {
            throw new IllegalArgumentException("ego corridor needs 0 ≤ topY < 1 and 0 < topHalfWidth ≤ bottomHalfWidth ≤ 0.5");
        }
    }

    /** Whether a source-frame point (frame size w×h) lies in the corridor. */
    public boolean contains(double sx, double sy, int w, int h) {
        double fy = sy / h;
        if (fy < topY || fy > 1) {
            return false;
        }
        double t = (fy - topY) / (1 - topY);
        double half = topHalfWidth + t * (bottomHalfWidth - topHalfWidth);
        return Math.abs(sx / w - 0.5) <= half;
    }

    /**
     * The 5th-percentile valid depth in the corridor, metres, or NaN when no valid cell is in it.
     *
     * @param scratch at least {@code depth.width() * depth.height()} floats, reused by the caller
     */
    public float nearestDepth(DepthMap depth, float[] scratch) {
        HeadGrid g = depth.grid();
        int w = g.transform().sourceWidth();
        int h = g.transform().sourceHeight();
        int n = 0;
        for (int y = g.contentY0(); y < g.contentY1(); y++) {
            double sy = g.cellCentreSourceY(y);
            for (int x = g.contentX0(); x < g.contentX1(); x++) {
                float d = depth.depthAt(x, y);
                if (!Float.isNaN(d) && contains(g.cellCentreSourceX(x), sy, w, h)) {
                    scratch[n++] = d;
                }
            }
        }
        if (n == 0) {
            return Float.NaN;
        }
        java.util.Arrays.sort(scratch, 0, n);
        return scratch[(int) Math.floor(0.05 * (n - 1))];
    }
}
