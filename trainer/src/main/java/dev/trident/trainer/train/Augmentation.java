package dev.trident.trainer.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Training augmentation, applied identically to the image and every label (one affine transform
 * for image, segmentation, depth and boxes): horizontal flip with probability {@code flip};
 * zoom by a factor in [1, {@code scaleMax}] around a random crop window inside the image;
 * photometric jitter (brightness ±{@code jitter}, contrast ×(1 ± jitter), per-channel gain
 * ×(1 ± jitter/2)) on the image only. Immutable value; thread-safe.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Augmentation(Double flip, Double scaleMax, Double jitter) {
    public Augmentation {
        flip = flip == null ? 0.5 : flip;
        scaleMax = scaleMax == null ? 1.3 : scaleMax;
        jitter = jitter == null ? 0.2 : jitter;
        if (flip < 0 || flip > 1 || scaleMax < 1 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("augment: flip must be in [0,1], scaleMax >= 1, jitter in [0,1); got "
                    + flip + ", " + scaleMax + ", " + jitter);
        }
    }

    /** No augmentation (evaluation). */
    public static final Augmentation NONE = new Augmentation(0.0, 1.0, 0.0);

    public static Augmentation defaults() {
        return new Augmentation(null, null, null);
    }
}
