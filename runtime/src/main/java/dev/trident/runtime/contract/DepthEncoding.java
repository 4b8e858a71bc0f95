package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the depth output encodes metres, for an output value {@code v} and the head's valid range
 * {@code [min, max]} metres. Every decoded depth is clamped to the range; non-finite or
 * non-positive values decode to NaN (invalid).
 * <ul>
 *   <li>{@code METRIC}: depth = v</li>
 *   <li>{@code INVERSE}: depth = 1 / v (v in 1/m)</li>
 *   <li>{@code LOG}: depth = exp(v) (v = ln metres)</li>
 *   <li>{@code DISPARITY}: v in [0, 1] (e.g. a sigmoid), depth = 1 / (1/max + (1/min − 1/max)·v)
 *       (Monodepth2's scaled disparity)</li>
 * </ul>
 */
public enum DepthEncoding {
    METRIC, INVERSE, LOG, DISPARITY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DepthEncoding fromJson(String s) {
        return JsonEnums.parse(DepthEncoding.class, "depth.encoding", s, DepthEncoding::json);
    }
}
