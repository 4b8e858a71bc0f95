package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a frame of any size becomes the model's input size. {@code LETTERBOX} keeps the aspect
 * ratio and pads (centred) with a constant; {@code STRETCH} scales each axis independently.
 */
public enum ResizeMode {
    LETTERBOX, STRETCH;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ResizeMode fromJson(String s) {
        return JsonEnums.parse(ResizeMode.class, "input.resize.mode", s, ResizeMode::json);
    }
}
