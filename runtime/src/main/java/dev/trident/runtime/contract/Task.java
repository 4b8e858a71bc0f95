package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a head predicts. */
public enum Task {
    DETECTION, SEGMENTATION, DEPTH;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Task fromJson(String s) {
        return JsonEnums.parse(Task.class, "task", s, Task::json);
    }
}
