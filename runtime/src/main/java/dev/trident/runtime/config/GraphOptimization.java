package dev.trident.runtime.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** ONNX Runtime graph optimisation level. */
public enum GraphOptimization {
    NONE, BASIC, EXTENDED, ALL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static GraphOptimization fromJson(String s) {
        for (GraphOptimization p : values()) {
            if (p.json().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("graphOptimization '" + s + "' is not one of "
                + Arrays.stream(values()).map(GraphOptimization::json).toList());
    }
}
