package dev.trident.runtime.daemon;

import java.util.regex.Pattern;

/** Strips credentials from what the daemon shows (source URLs in /health, /api/config, logs). Stateless; thread-safe. */
public final class Redact {
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern SECRET_QUERY = Pattern.compile("(?i)([?&](?:token|password|passwd|key|secret|auth)=)[^&\\s]*");

    private Redact() {
    }

    /** {@code rtsp://user:pass@cam/x?token=1} → {@code rtsp://***@cam/x?token=***}. */
    public static String source(String spec) {
        return spec == null ? null : text(spec);
    }

    /** The same redaction applied anywhere in a line of text. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        return SECRET_QUERY.matcher(USER_INFO.matcher(s).replaceAll("$1***@")).replaceAll("$1***");
    }
}
