package dev.trident.trainer.metrics;

import java.util.Locale;

/**
 * How head-resolution segmentation logits become one class per input pixel for scoring.
 *
 * <ul>
 *   <li>{@link #NEAREST}: the argmax of the cell that holds the pixel — what the runtime's
 *       segmentation decoder gives (a class map at the head stride), so this is the default metric.
 *   <li>{@link #BILINEAR}: the logits interpolated bilinearly to the pixel, then the argmax — cell
 *       centres at ((k + ½)·stride), edges clamped (PyTorch's {@code interpolate(...,
 *       align_corners=False)}), the usual way segmentation networks are scored at full resolution.
 * </ul>
 * Stateless; thread-safe.
 */
public enum SegmentationUpsampling {
    NEAREST,
    BILINEAR;

    /** Parses {@code nearest} or {@code bilinear} (any case). */
    public static SegmentationUpsampling parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segmentation upsampling must be nearest or bilinear, got '" + text + "'");
        }
    }

    /**
     * Class ids at the input resolution for sample {@code i} of a batch of logits.
     *
     * @param logits  [B, C, hh, hw] row-major
     * @param out     width·height class ids, row-major
     */
    public void argmax(float[] logits, int i, int classes, int hh, int hw, int stride, int width, int height, byte[] out) {
        int plane = hh * hw;
        for (int y = 0; y < height; y++) {
            double fy = (y + 0.5) / stride - 0.5;
            int y0 = (int) Math.floor(fy);
            double wy = fy - y0;
            int ya = clamp(y0, hh);
            int yb = clamp(y0 + 1, hh);
            for (int x = 0; x < width; x++) {
                int best = 0;
                double bestValue = Double.NEGATIVE_INFINITY;
                if (this == NEAREST) {
                    int cell = Math.min(hh - 1, y / stride) * hw + Math.min(hw - 1, x / stride);
                    for (int c = 0; c < classes; c++) {
                        float v = logits[(i * classes + c) * plane + cell];
                        if (v > bestValue) {
                            bestValue = v;
                            best = c;
                        }
                    }
                } else {
                    double fx = (x + 0.5) / stride - 0.5;
                    int x0 = (int) Math.floor(fx);
                    double wx = fx - x0;
                    int xa = clamp(x0, hw);
                    int xb = clamp(x0 + 1, hw);
                    for (int c = 0; c < classes; c++) {
                        int base = (i * classes + c) * plane;
                        double v = (1 - wy) * ((1 - wx) * logits[base + ya * hw + xa] + wx * logits[base + ya * hw + xb])
                                + wy * ((1 - wx) * logits[base + yb * hw + xa] + wx * logits[base + yb * hw + xb]);
                        if (v > bestValue) {
                            bestValue = v;
                            best = c;
                        }
                    }
                }
                out[y * width + x] = (byte) best;
            }
        }
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : v >= n ? n - 1 : v;
    }
}
