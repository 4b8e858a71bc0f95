package dev.trident.runtime.replay;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses command-line durations: {@code 60s}, {@code 500ms}, {@code 2m}, {@code 1h}, or bare seconds ({@code 1.5}). Stateless. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * @param flag the flag name for the error message
     * @return nanoseconds
     * @throws IllegalArgumentException naming the flag and the accepted forms
     */
    public static long parseNanos(String text, String flag) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + " '" + text + "' is not a duration; use e.g. 60s, 500ms, 2m, 1h or a number of seconds");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double scale = switch (unit) {
            case "ms" -> 1e6;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> 1e9;
        };
        double nanos = v * scale;
        if (nanos > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException(flag + " '" + text + "' is too long");
        }
        return Math.round(nanos);
    }
}
