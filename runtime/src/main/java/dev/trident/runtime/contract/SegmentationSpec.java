package dev.trident.runtime.contract;

/**
 * @param activation    logits (argmax over classes) or sigmoid (one binary map per channel)
 * @param threshold     sigmoid: probability at or above which a pixel is on (default 0.5)
 * @param probabilities sigmoid: the channels already hold probabilities (default false: logits)
 */
public record SegmentationSpec(SegmentationActivation activation, Double threshold, Boolean probabilities) {
    public SegmentationSpec {
        if (activation == null) {
            activation = SegmentationActivation.LOGITS;
        }
        if (threshold == null) {
            threshold = 0.5;
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("segmentation.threshold must be in (0, 1), got " + threshold);
        }
        if (probabilities == null) {
            probabilities = false;
        }
    }

    public static SegmentationSpec logits() {
        return new SegmentationSpec(SegmentationActivation.LOGITS, null, null);
    }
}
