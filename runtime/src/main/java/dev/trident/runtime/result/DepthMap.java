package dev.trident.runtime.result;

import dev.trident.runtime.preprocess.InputTransform;
import java.util.Arrays;
import java.util.Objects;

/**
 * Metric depth of one depth head at head resolution: metres per cell, NaN where invalid.
 * Preallocated and refilled every frame by its decoder, which clamps every valid depth to
 * [{@link #minDepth()}, {@link #maxDepth()}] (the contract's range; after {@link #scale} the values
 * lie in that range times the factor).
 *
 * <p>Cells map to the source frame through the {@link InputTransform} of the last decode (see
 * {@link HeadGrid}).
 *
 * <p>Not thread-safe: the decoder overwrites it every frame. Use {@link #copy()} to keep one.
 */
public final class DepthMap {
    private final int width;
    private final int height;
    private final double minDepth;
    private final double maxDepth;
    private final float[] metres;
    private int validCount;
    private HeadGrid grid;
    private float[] selection; // robustDepthInSourceBox scratch, allocated on first use

    /** An empty map (every cell NaN) for depths in [minDepth, maxDepth] metres. */
    public DepthMap(int width, int height, double minDepth, double maxDepth) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("depth map size must be positive, got " + width + "x" + height);
        }
        if (!(minDepth > 0) || !(maxDepth > minDepth)) {
            throw new IllegalArgumentException("depth range must satisfy 0 < minDepth < maxDepth, got ["
                    + minDepth + ", " + maxDepth + "]");
        }
        this.width = width;
        this.height = height;
        this.minDepth = minDepth;
        this.maxDepth = maxDepth;
        this.metres = new float[width * height];
        Arrays.fill(metres, Float.NaN);
    }

    private DepthMap(DepthMap o) {
        this.width = o.width;
        this.height = o.height;
        this.minDepth = o.minDepth;
        this.maxDepth = o.maxDepth;
        this.metres = o.metres.clone();
        this.validCount = o.validCount;
        this.grid = o.grid;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Smallest valid depth of the head, metres (the decode's clamp). */
    public double minDepth() {
        return minDepth;
    }

    /** Largest valid depth of the head, metres (the decode's clamp). */
    public double maxDepth() {
        return maxDepth;
    }

    /** Depth of head cell (x, y), metres; NaN when invalid. */
    public float depthAt(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        return metres[y * width + x];
    }

    /** Depth at a source-frame point (the cell holding it), metres; NaN outside the source frame or when invalid. */
    public float depthAtSource(double sx, double sy) {
        HeadGrid g = grid();
        if (!g.insideSource(sx, sy)) {
            return Float.NaN;
        }
        return metres[g.cellY(sy) * width + g.cellX(sx)];
    }

    /**
     * Median depth of the valid cells whose centres (in source pixels) fall inside the lower
     * {@code lowerFraction} of the source box, i.e. x in [x1, x2] and y in
     * [y2 − lowerFraction·(y2 − y1), y2] (closed). The lower part of an object's box is where it
     * meets the road, so it is the least polluted by background. NaN when no valid cell qualifies.
     * Allocates nothing after the first call.
     */
    public float robustDepthInSourceBox(double x1, double y1, double x2, double y2, double lowerFraction) {
        if (!(lowerFraction > 0 && lowerFraction <= 1)) {
            throw new IllegalArgumentException("lowerFraction must be in (0, 1], got " + lowerFraction);
        }
        HeadGrid g = grid();
        if (!(x2 >= x1) || !(y2 >= y1)) {
            return Float.NaN;
        }
        double top = y2 - lowerFraction * (y2 - y1);
        InputTransform t = g.transform();
        // closed ranges of cells whose centre (c + 0.5)·s lies in [lo, hi] (input pixels)
        int cx0 = Math.max(0, (int) Math.ceil(t.toInputX(x1) / g.strideX() - 0.5));
        int cx1 = Math.min(width - 1, (int) Math.floor(t.toInputX(x2) / g.strideX() - 0.5));
        int cy0 = Math.max(0, (int) Math.ceil(t.toInputY(top) / g.strideY() - 0.5));
        int cy1 = Math.min(height - 1, (int) Math.floor(t.toInputY(y2) / g.strideY() - 0.5));
        if (selection == null) {
            selection = new float[width * height];
        }
        int n = 0;
        for (int y = cy0; y <= cy1; y++) {
            int row = y * width;
            for (int x = cx0; x <= cx1; x++) {
                float d = metres[row + x];
                if (!Float.isNaN(d)) {
                    selection[n++] = d;
                }
            }
        }
        if (n == 0) {
            return Float.NaN;
        }
        float upper = select(selection, n, n / 2);
        if ((n & 1) == 1) {
            return upper;
        }
        // even count: mean of the two middle values; after select, the lower half holds the smaller ones
        float lower = selection[0];
        for (int i = 1; i < n / 2; i++) {
            lower = Math.max(lower, selection[i]);
        }
        return (float) ((lower + (double) upper) / 2);
    }

    /** Quickselect: returns the k-th smallest of a[0..n), leaving a[0..k) ≤ a[k] ≤ a[k+1..n). */
    private static float select(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return a[k];
    }

    /**
     * Multiplies every valid depth by {@code factor} (e.g. {@code f_actual / f_trained} when the
     * camera's focal length differs from the training camera's). Not re-clamped.
     */
    public void scale(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("depth scale factor must be positive and finite, got " + factor);
        }
        float f = (float) factor;
        for (int i = 0; i < metres.length; i++) {
            metres[i] *= f; // NaN stays NaN
        }
    }

    /** The live depth array, metres, row-major {@code height·width}, NaN = invalid. Read-only by contract (the decoder fills it). */
    public float[] metres() {
        return metres;
    }

    /** Number of valid (non-NaN) cells after the last decode. */
    public int validCount() {
        return validCount;
    }

    /** Called by the decoder once it has refilled {@link #metres()}: records the frame's transform and counts the valid cells. */
    public void onDecoded(InputTransform transform) {
        if (grid == null || !grid.transform().equals(transform)) {
            grid = new HeadGrid(transform, width, height);
        }
        int n = 0;
        for (float d : metres) {
            if (!Float.isNaN(d)) {
                n++;
            }
        }
        validCount = n;
    }

    /** The transform of the last decode, or null before the first. */
    public InputTransform transform() {
        return grid == null ? null : grid.transform();
    }

    /** The cell geometry of the last decode; throws {@link IllegalStateException} before the first. */
    public HeadGrid grid() {
        if (grid == null) {
            throw new IllegalStateException("depth map has not been decoded yet: no frame transform to map source points");
        }
        return grid;
    }

    /** An independent deep copy (not refilled by the decoder). */
    public DepthMap copy() {
        return new DepthMap(this);
    }
}
