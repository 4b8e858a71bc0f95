package dev.trident.runtime.contract;

import java.util.List;

/**
 * The model's image input. The model sees, per channel c (in {@link #colorOrder()} order),
 * {@code x = (pixel8bit · scale − mean[c]) / std[c]}.
 *
 * @param name       input tensor name
 * @param layout     only {@code NCHW} in contract v1
 * @param height     input height in pixels
 * @param width      input width in pixels
 * @param colorOrder channel order of the planes (default rgb)
 * @param scale      multiplier applied to 8-bit values first (default 1/255)
 * @param mean       per-channel mean after scaling, in colorOrder (default 0,0,0)
 * @param std        per-channel std after scaling, in colorOrder (default 1,1,1)
 * @param resize     letterbox (default, pad 114) or stretch
 */
public record InputSpec(String name, String layout, int height, int width, ColorOrder colorOrder,
                        Double scale, List<Double> mean, List<Double> std, ResizeSpec resize) {
    public InputSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("input.name is required (the model's image input tensor)");
        }
        if (layout == null) {
            layout = "NCHW";
        }
        if (!layout.equals("NCHW")) {
            throw new IllegalArgumentException("input.layout '" + layout + "' is not supported; contract v1 takes NCHW");
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input.height and input.width must be positive, got " + width + "x" + height);
        }
        if (colorOrder == null) {
            colorOrder = ColorOrder.RGB;
        }
        if (scale == null) {
            scale = 1.0 / 255.0;
        }
        mean = mean == null ? List.of(0.0, 0.0, 0.0) : List.copyOf(mean);
        std = std == null ? List.of(1.0, 1.0, 1.0) : List.copyOf(std);
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("input.mean and input.std need 3 values each, got " + mean + " and " + std);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("input.std values must be positive, got " + std);
            }
        }
        if (resize == null) {
            resize = new ResizeSpec(null, null);
        }
    }

    /** Multiplier per model channel c: the model value is {@code pixel·alpha(c) + beta(c)}. */
    public double alpha(int c) {
        return scale / std.get(c);
    }

    /** Offset per model channel c (see {@link #alpha(int)}). */
    public double beta(int c) {
        return -mean.get(c) / std.get(c);
    }
}
