package dev.trident.runtime.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Lower-case, forgiving parsing for the contract's enums, with an error that lists the choices. */
final class JsonEnums {
    private JsonEnums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String text, Function<E, String> jsonName) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (jsonName.apply(e).equals(t)) {
                return e;
            }
        }
        throw new IllegalArgumentException(field + " '" + text + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(jsonName).toList());
    }
}
