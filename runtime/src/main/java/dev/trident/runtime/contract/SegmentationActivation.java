package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code LOGITS}: one channel per class, the class map is the argmax (softmax not needed).
 * {@code SIGMOID}: one independent binary map per channel (multi-label, e.g. drivable area and
 * lane lines), each thresholded; channels may hold logits or probabilities (see
 * {@link SegmentationSpec#probabilities()}).
 */
public enum SegmentationActivation {
    LOGITS, SIGMOID;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SegmentationActivation fromJson(String s) {
        return JsonEnums.parse(SegmentationActivation.class, "segmentation.activation", s, SegmentationActivation::json);
    }
}
