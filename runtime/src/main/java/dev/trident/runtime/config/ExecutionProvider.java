package dev.trident.runtime.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** ONNX Runtime execution providers Trident can ask for, tried in the device config's order. */
public enum ExecutionProvider {
    TENSORRT, CUDA, CPU;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ExecutionProvider fromJson(String s) {
        for (ExecutionProvider p : values()) {
            if (p.json().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("execution provider '" + s + "' is not one of "
                + Arrays.stream(values()).map(ExecutionProvider::json).toList());
    }
}
