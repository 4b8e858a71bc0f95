package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Channel order the model expects in its input planes. */
public enum ColorOrder {
    RGB, BGR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColorOrder fromJson(String s) {
        return JsonEnums.parse(ColorOrder.class, "input.colorOrder", s, ColorOrder::json);
    }
}
