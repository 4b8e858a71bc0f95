package dev.trident.trainer.export;

import dev.trident.runtime.contract.Task;
import java.util.List;

/**
 * The exported model's tensor names (docs/model-contract.md's example uses the same): input
 * {@code image}; detection {@code det_heatmap}, {@code det_size}, {@code det_offset};
 * segmentation {@code seg_logits}, or {@code seg_classes} when the graph computes the class map
 * ({@link #SEG_CLASSES}); depth {@code depth}; shared {@code features}. Stateless.
 */
public final class OutputNames {
    public static final String INPUT = "image";
    public static final String FEATURES = "features";
    /** The segmentation output of a model that takes the argmax itself: class index per pixel, [1, 1, H, W]. */
    public static final String SEG_CLASSES = "seg_classes";

    private OutputNames() {
    }

    /** A head's output tensor names, in the head's output order. */
    public static List<String> of(Task task) {
        return switch (task) {
            case DETECTION -> List.of("det_heatmap", "det_size", "det_offset");
            case SEGMENTATION -> List.of("seg_logits");
            case DEPTH -> List.of("depth");
        };
    }
}
