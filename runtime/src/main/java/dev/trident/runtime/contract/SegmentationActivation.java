package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code LOGITS}: one channel per class, the class map is the argmax (softmax not needed).
 * {@code ARGMAX}: the model computes that argmax itself (ONNX {@code ArgMax} in the graph) and its
 * output holds the class index of each cell, one channel of float class indices 0..C−1: 1/C of the
 * logits' output size, and no per-frame argmax in the runtime.
 * {@code SIGMOID}: one independent binary map per channel (multi-label, e.g. drivable area and
 * lane lines), each thresholded; channels may hold logits or probabilities (see
 * {@link SegmentationSpec#probabilities()}).
 */
public enum SegmentationActivation {
    LOGITS, ARGMAX, SIGMOID;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SegmentationActivation fromJson(String s) {
        return JsonEnums.parse(SegmentationActivation.class, "segmentation.activation", s, SegmentationActivation::json);
    }
}
