package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Detection output formats (see docs/model-contract.md for each one's tensors).
 * <ul>
 *   <li>{@code CENTERNET}: roles {@code heatmap} [1,C,h,w], {@code size} [1,2,h,w] (w, h),
 *       {@code offset} [1,2,h,w] (dx, dy) at the head's stride.</li>
 *   <li>{@code YOLO}: role {@code rows} [1,N,4+1+C] or [1,N,4+C] (cx, cy, w, h in input pixels,
 *       objectness if present, class scores), anchors already applied, NMS done by Trident.</li>
 *   <li>{@code BOXES}: role {@code boxes} [1,N,6] (x1, y1, x2, y2, score, class) in input pixels.</li>
 * </ul>
 */
public enum DetectionDecoderType {
    CENTERNET, YOLO, BOXES;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DetectionDecoderType fromJson(String s) {
        return JsonEnums.parse(DetectionDecoderType.class, "detection.decoder", s, DetectionDecoderType::json);
    }
}
